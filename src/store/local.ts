// Local-directory backend: one `<name>.yaml` file per resource, written to a temporary file in the
// same directory and renamed over the target so a crash never leaves half a document.
import { randomBytes } from 'node:crypto';
import { mkdir, readFile, readdir, rename, rm, unlink, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { DOC_SUFFIX, type DocumentBackend, type ListPage } from './backend';

export class LocalDocumentBackend implements DocumentBackend {
  constructor(readonly location: string) {}

  private path(name: string): string {
    return join(this.location, name + DOC_SUFFIX);
  }

  async read(name: string): Promise<string | undefined> {
    try {
      return await readFile(this.path(name), 'utf8');
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
      throw e;
    }
  }

  async write(name: string, text: string): Promise<void> {
    await mkdir(this.location, { recursive: true });
    const tmp = join(this.location, `.${name}.${randomBytes(6).toString('hex')}.tmp`);
    try {
      await writeFile(tmp, text, { mode: 0o640 });
      await rename(tmp, this.path(name));
    } catch (e) {
      await rm(tmp, { force: true });
      throw e;
    }
  }

  async remove(name: string): Promise<boolean> {
    try {
      await unlink(this.path(name));
      return true;
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code === 'ENOENT') return false;
      throw e;
    }
  }

  async list({ limit, after }: { limit: number; after?: string }): Promise<ListPage> {
    let files: string[];
    try {
      files = await readdir(this.location);
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code === 'ENOENT') return { names: [] };
      throw e;
    }
    // Key order (file name, suffix included) so local and S3 listings agree.
    const startAfter = after === undefined ? undefined : after + DOC_SUFFIX;
    const keys = files
      .filter((f) => f.endsWith(DOC_SUFFIX) && !f.startsWith('.'))
      .sort()
      .filter((k) => startAfter === undefined || k > startAfter);
    const names = keys.slice(0, limit).map((k) => k.slice(0, -DOC_SUFFIX.length));
    return keys.length > limit ? { names, next: names[names.length - 1] } : { names };
  }
}
