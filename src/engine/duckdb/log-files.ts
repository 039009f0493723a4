// Finds Teleport file audit logs and reads the complete lines added since the last ingest.
// A logical file is its path without `.gz`, so a day's log that gets compressed after it was read
// is not read twice: reading resumes at the same decompressed offset.
import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { open, readdir, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { createGunzip } from 'node:zlib';
import { EngineError } from '../../errors/engine-error';

export interface LogFile {
  /** Logical name: path without .gz. */
  source: string;
  path: string;
  gz: boolean;
  size: number;
  mtimeMs: number;
}

const LOG_FILE = /\.log(\.gz)?$/;

export async function discoverLogFiles(root: string): Promise<LogFile[]> {
  let st;
  try {
    st = await stat(root);
  } catch {
    throw new EngineError('BAD_INPUT', `audit log ${root} does not exist: point --audit-log (or embedded.audit_log) at a Teleport file audit log directory or file`);
  }
  const paths: string[] = [];
  if (st.isFile()) paths.push(root);
  else {
    const walk = async (dir: string) => {
      for (const e of await readdir(dir, { withFileTypes: true })) {
        const p = join(dir, e.name);
        if (e.isDirectory()) await walk(p);
        else if (LOG_FILE.test(e.name) && (e.isFile() || (e.isSymbolicLink() && (await stat(p).catch(() => null))?.isFile()))) {
          paths.push(p);
        }
      }
    };
    await walk(root);
  }
  const files = new Map<string, LogFile>();
  for (const path of paths.sort()) {
    const gz = path.endsWith('.gz');
    const source = gz ? path.slice(0, -3) : path;
    const s = await stat(path);
    const f = { source, path, gz, size: s.size, mtimeMs: Math.trunc(s.mtimeMs) };
    // Both X.log and X.log.gz present: the plain one is the live file.
    const prev = files.get(source);
    if (!prev || (prev.gz && !gz)) files.set(source, f);
  }
  return [...files.values()];
}

function decompressedStream(file: LogFile, start: number): AsyncIterable<Buffer> {
  if (!file.gz) return createReadStream(file.path, { start, highWaterMark: 4 << 20 });
  const gunzip = createReadStream(file.path, { highWaterMark: 4 << 20 }).pipe(createGunzip({ chunkSize: 1 << 20 }));
  return (async function* () {
    let skip = start;
    try {
      for await (const chunk of gunzip as AsyncIterable<Buffer>) {
        if (skip >= chunk.length) {
          skip -= chunk.length;
          continue;
        }
        yield skip ? chunk.subarray(skip) : chunk;
        skip = 0;
      }
    } catch (e) {
      // A gzip file still being written ends early: what was decompressed so far is usable.
      if ((e as NodeJS.ErrnoException).code !== 'Z_BUF_ERROR') throw e;
    }
  })();
}

/** Hash of the first line (up to 4 KiB): tells a file that was truncated from one that was replaced. */
export async function headHash(file: LogFile): Promise<string | undefined> {
  let head: Buffer | undefined;
  if (!file.gz) {
    const fh = await open(file.path, 'r');
    try {
      const buf = Buffer.alloc(4096);
      const { bytesRead } = await fh.read(buf, 0, 4096, 0);
      head = buf.subarray(0, bytesRead);
    } finally {
      await fh.close();
    }
  } else {
    for await (const chunk of decompressedStream(file, 0)) {
      head = chunk.subarray(0, 4096);
      break;
    }
  }
  if (!head) return undefined;
  const nl = head.indexOf(10);
  if (nl === -1) return undefined; // no complete first line yet
  return createHash('sha1').update(head.subarray(0, nl)).digest('hex');
}

export interface LineBatch {
  /** Complete lines, without the newline. */
  lines: string[];
  /** Decompressed offset just after the last line in this batch. */
  endOffset: number;
}

/**
 * Complete lines from `offset` on, in batches. A last line without a newline is taken only if it is
 * already a whole JSON value; otherwise it is left for the next ingest, when the writer finishes it.
 */
export async function* readNewLines(file: LogFile, offset: number, maxBatchBytes = 16 << 20): AsyncGenerator<LineBatch> {
  let carry: Buffer | undefined;
  let pos = offset; // offset of carry's first byte
  let lines: string[] = [];
  let batchBytes = 0;
  for await (const chunk of decompressedStream(file, offset)) {
    const buf: Buffer = carry?.length ? Buffer.concat([carry, chunk]) : chunk;
    let start = 0;
    let nl: number;
    while ((nl = buf.indexOf(10, start)) !== -1) {
      const end = nl > start && buf[nl - 1] === 13 ? nl - 1 : nl;
      if (end > start) lines.push(buf.toString('utf8', start, end));
      batchBytes += nl + 1 - start;
      start = nl + 1;
    }
    pos += start;
    carry = buf.subarray(start);
    if (batchBytes >= maxBatchBytes) {
      yield { lines, endOffset: pos };
      lines = [];
      batchBytes = 0;
    }
  }
  if (carry?.length) {
    const tail = carry.toString('utf8').trim();
    // Only a complete JSON object counts: a cut-off number or string could still grow.
    if (isJsonObject(tail)) {
      lines.push(tail);
      pos += carry.length;
    }
  }
  if (lines.length || pos !== offset) yield { lines, endOffset: pos };
}

function isJsonObject(text: string): boolean {
  if (!text.startsWith('{') || !text.endsWith('}')) return false;
  try {
    JSON.parse(text);
    return true;
  } catch {
    return false;
  }
}
