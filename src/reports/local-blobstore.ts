// BlobStore over a local directory. Writes go to a temporary file that is fsynced and renamed into
// place, so a process killed mid-write leaves the previous version intact. Conditional writes across
// processes: create-only uses link(2), which fails atomically when the target exists; replace-if-match
// holds a short per-key lock file (O_EXCL) around the compare and the rename.
import { createHash, randomBytes } from 'node:crypto';
import { promises as fs } from 'node:fs';
import { dirname, join, relative, sep } from 'node:path';
import { checkKey, PreconditionFailedError, type BlobStore, type PutOptions, type StoredBlob, type ListOptions } from './blobstore';

const LOCK_STALE_MS = 10_000;
const LOCK_WAIT_MS = 5_000;

const etagOf = (body: string) => createHash('sha256').update(body).digest('hex').slice(0, 32);

export class LocalBlobStore implements BlobStore {
  constructor(readonly root: string) {}

  get location(): string {
    return this.root;
  }

  private path(key: string): string {
    return join(this.root, ...checkKey(key).split('/'));
  }

  async get(key: string): Promise<StoredBlob | undefined> {
    try {
      const body = await fs.readFile(this.path(key), 'utf8');
      return { body, etag: etagOf(body) };
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
      throw e;
    }
  }

  async put(key: string, body: string, opts: PutOptions = {}): Promise<{ etag: string }> {
    const target = this.path(key);
    const tmp = `${target}.${process.pid}.${randomBytes(6).toString('hex')}.tmp`;
    const fh = await this.openFresh(tmp);
    try {
      await fh.writeFile(body, 'utf8');
      await fh.sync();
    } finally {
      await fh.close();
    }
    try {
      if (opts.ifNoneMatch) {
        try {
          await fs.link(tmp, target);
        } catch (e) {
          if ((e as NodeJS.ErrnoException).code === 'EEXIST') throw new PreconditionFailedError(key, 'it already exists');
          throw e;
        }
      } else if (opts.ifMatch !== undefined) {
        await this.withKeyLock(target, async () => {
          const current = await this.get(key);
          if (!current) throw new PreconditionFailedError(key, 'it no longer exists');
          if (current.etag !== opts.ifMatch) throw new PreconditionFailedError(key, 'it was changed by someone else');
          await fs.rename(tmp, target);
        });
      } else {
        await fs.rename(tmp, target);
      }
    } finally {
      await fs.rm(tmp, { force: true });
    }
    return { etag: etagOf(body) };
  }

  async delete(key: string): Promise<void> {
    const target = this.path(key);
    await fs.rm(target, { force: true });
    // Prune directories left empty (finished run journals), never the root itself.
    for (let dir = dirname(target); dir.startsWith(this.root + sep); dir = dirname(dir)) {
      try {
        await fs.rmdir(dir);
      } catch {
        break; // not empty (or already gone)
      }
    }
  }

  async list(prefix: string, opts: ListOptions = {}): Promise<string[]> {
    const out: string[] = [];
    const walk = async (dir: string): Promise<void> => {
      let entries;
      try {
        entries = await fs.readdir(dir, { withFileTypes: true });
      } catch (e) {
        if ((e as NodeJS.ErrnoException).code === 'ENOENT') return;
        throw e;
      }
      for (const ent of entries) {
        const p = join(dir, ent.name);
        if (ent.isDirectory()) await walk(p);
        else if (!ent.name.endsWith('.tmp') && !ent.name.endsWith('.lock')) out.push(relative(this.root, p).split(sep).join('/'));
      }
    };
    // Walk only the directory part of the prefix, then filter by the full prefix.
    const slash = prefix.lastIndexOf('/');
    await walk(slash >= 0 ? join(this.root, ...prefix.slice(0, slash).split('/')) : this.root);
    const keys = out.filter((k) => k.startsWith(prefix) && (opts.startAfter === undefined || k > opts.startAfter)).sort();
    return opts.limit !== undefined ? keys.slice(0, opts.limit) : keys;
  }

  /** Creates the file and its directory; retries once if a concurrent delete pruned the directory. */
  private async openFresh(file: string) {
    for (let attempt = 0; ; attempt++) {
      await fs.mkdir(dirname(file), { recursive: true });
      try {
        return await fs.open(file, 'w');
      } catch (e) {
        if ((e as NodeJS.ErrnoException).code !== 'ENOENT' || attempt > 2) throw e;
      }
    }
  }

  private async withKeyLock<T>(target: string, fn: () => Promise<T>): Promise<T> {
    const lock = `${target}.lock`;
    const deadline = Date.now() + LOCK_WAIT_MS;
    for (;;) {
      try {
        await (await fs.open(lock, 'wx')).close();
        break;
      } catch (e) {
        if ((e as NodeJS.ErrnoException).code !== 'EEXIST') throw e;
        // A holder that died leaves its lock behind; the critical section is tiny, so age means dead.
        const st = await fs.stat(lock).catch(() => undefined);
        if (st && Date.now() - st.mtimeMs > LOCK_STALE_MS) await fs.rm(lock, { force: true });
        else if (Date.now() > deadline) throw new Error(`timed out waiting for lock ${lock}`);
        else await new Promise((r) => setTimeout(r, 5 + Math.random() * 20));
      }
    }
    try {
      return await fn();
    } finally {
      await fs.rm(lock, { force: true });
    }
  }
}
