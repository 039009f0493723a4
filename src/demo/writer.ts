// Writes a Teleport file audit log: one JSON event per line, one file per UTC day named
// YYYY-MM-DD.log (or .log.gz), appended in time order. Streams with back-pressure, so memory stays
// flat however many events go through.
import { createWriteStream, type WriteStream } from 'node:fs';
import { once } from 'node:events';
import { join } from 'node:path';
import { finished } from 'node:stream/promises';
import { createGzip, type Gzip } from 'node:zlib';

export class DayFileWriter {
  private file?: WriteStream;
  private gzip?: Gzip;
  readonly paths: string[] = [];
  bytes = 0;

  constructor(private readonly dir: string) {}

  /** Starts the file for `date` (YYYY-MM-DD), finishing the previous one. */
  async open(date: string, gzip: boolean): Promise<void> {
    await this.close();
    const path = join(this.dir, `${date}.log${gzip ? '.gz' : ''}`);
    this.file = createWriteStream(path);
    if (gzip) {
      this.gzip = createGzip();
      this.gzip.pipe(this.file);
    }
    this.paths.push(path);
  }

  async write(chunk: string): Promise<void> {
    const target = this.gzip ?? this.file;
    if (!target) throw new Error('DayFileWriter.write before open');
    this.bytes += Buffer.byteLength(chunk);
    if (!target.write(chunk)) await once(target, 'drain');
  }

  async close(): Promise<void> {
    const file = this.file;
    if (!file) return;
    if (this.gzip) this.gzip.end();
    else file.end();
    await finished(file);
    this.file = undefined;
    this.gzip = undefined;
  }
}
