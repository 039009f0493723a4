// Imports other sources' export files into the intake spool: AWS CloudTrail's S3 layout
// (AWSLogs/<account>/CloudTrail/<region>/YYYY/MM/DD/*.json.gz, each {"Records": [...]}), Okta System
// Log exports (/api/v1/logs: a JSON array per page, or NDJSON as streamed), GitHub audit log streams
// (NDJSON, optionally gzipped). Incremental: a file unchanged since it was imported is not read again.
// Crash-safe and exactly once without a transaction: a file is marked done only after its records are
// durable in the spool, and a file read again after a crash adds nothing (the spool keeps each uid once).
import { readFileSync, existsSync } from 'node:fs';
import { readdir, readFile, rename, stat, writeFile } from 'node:fs/promises';
import { join, relative } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { keysOf, type IntakeEvent } from '../events';
import type { Spool } from '../spool';
import { convertRecord, NO_IDENTITIES, RecordError, type IdentityMap, type SourceKind } from './convert';

export interface SourceDirs {
  cloudtrail?: string;
  okta?: string;
  github?: string;
}

export interface ImportSummary {
  files: number;
  filesRead: number;
  records: number;
  written: number;
  duplicates: number;
  /** Records skipped, with where and why. */
  bad: string[];
}

const FILES: Record<SourceKind, RegExp> = {
  cloudtrail: /\.json(\.gz)?$/,
  okta: /\.(json|ndjson|jsonl)(\.gz)?$/,
  github: /\.(json|ndjson|jsonl)(\.gz)?$/,
};

async function walk(dir: string, re: RegExp): Promise<string[]> {
  const out: string[] = [];
  const go = async (d: string) => {
    for (const e of await readdir(d, { withFileTypes: true })) {
      const p = join(d, e.name);
      if (e.isDirectory()) await go(p);
      else if (e.isFile() && re.test(e.name)) out.push(p);
    }
  };
  await go(dir);
  return out.sort();
}

/** The records of one file: CloudTrail {"Records": [...]}, a JSON array, one object, or NDJSON. */
export function recordsOf(kind: SourceKind, text: string, where: string): { records: unknown[]; bad: string[] } {
  const t = text.trim();
  if (!t) return { records: [], bad: [] };
  try {
    const doc = JSON.parse(t) as unknown;
    if (kind === 'cloudtrail') {
      const recs = (doc as { Records?: unknown }).Records;
      if (!Array.isArray(recs)) return { records: [], bad: [`${where}: not a CloudTrail log file (no "Records" list)`] };
      return { records: recs, bad: [] };
    }
    return { records: Array.isArray(doc) ? doc : [doc], bad: [] };
  } catch {
    // Not one JSON document: NDJSON, a record a line.
  }
  const records: unknown[] = [];
  const bad: string[] = [];
  t.split('\n').forEach((line, i) => {
    if (!line.trim()) return;
    try {
      records.push(JSON.parse(line));
    } catch (e) {
      bad.push(`${where}:${i + 1}: not valid JSON (${(e as Error).message})`);
    }
  });
  return { records, bad };
}

interface FileMark {
  size: number;
  mtimeMs: number;
}

export class SourceImporter {
  private readonly stateFile: string;
  private state: Record<string, FileMark> = {};

  constructor(
    private readonly dirs: SourceDirs,
    private readonly spool: Spool,
    stateDir: string,
    private readonly identities: IdentityMap = NO_IDENTITIES,
  ) {
    this.stateFile = join(stateDir, 'sources-imported.json');
    if (existsSync(this.stateFile)) this.state = JSON.parse(readFileSync(this.stateFile, 'utf8')) as Record<string, FileMark>;
  }

  private async saveState(): Promise<void> {
    const tmp = `${this.stateFile}.tmp`;
    await writeFile(tmp, JSON.stringify(this.state));
    await rename(tmp, this.stateFile);
  }

  async importNew(): Promise<ImportSummary> {
    const s: ImportSummary = { files: 0, filesRead: 0, records: 0, written: 0, duplicates: 0, bad: [] };
    for (const kind of ['cloudtrail', 'okta', 'github'] as const) {
      const dir = this.dirs[kind];
      if (!dir) continue;
      for (const path of await walk(dir, FILES[kind])) {
        s.files++;
        const st = await stat(path);
        const id = `${kind}:${path}`;
        const mark = this.state[id];
        if (mark && mark.size === st.size && mark.mtimeMs === Math.trunc(st.mtimeMs)) continue;
        s.filesRead++;
        const buf = await readFile(path);
        const where = relative(dir, path);
        let text: string;
        try {
          text = (path.endsWith('.gz') ? gunzipSync(buf) : buf).toString('utf8');
        } catch (e) {
          s.bad.push(`${where}: cannot decompress (${(e as Error).message}); read again when it changes`);
          continue;
        }
        const { records, bad } = recordsOf(kind, text, where);
        s.bad.push(...bad);
        const events: IntakeEvent[] = [];
        records.forEach((rec, i) => {
          try {
            const obj = convertRecord(kind, rec, this.identities);
            const line = JSON.stringify(obj);
            events.push({ line, type: String(obj.event), origin: 'audit', keys: keysOf(obj, line, 'audit') });
          } catch (e) {
            if (!(e instanceof RecordError)) throw e;
            s.bad.push(`${where}: record ${i + 1}: ${e.message}; skipped`);
          }
        });
        s.records += events.length;
        const r = await this.spool.append(events);
        s.written += r.written;
        s.duplicates += r.duplicates;
        this.state[id] = { size: st.size, mtimeMs: Math.trunc(st.mtimeMs) };
        await this.saveState();
      }
    }
    return s;
  }
}
