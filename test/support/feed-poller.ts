// A findings-feed client as a SIEM integration would write it, run as its own process so tests can
// kill it (SIGKILL) at any moment: it reads the gateway URL and token from files (the gateway may
// restart elsewhere), pulls GET /v1/findings from its stored cursor in small pages, and records each
// change together with the change's cursor in one atomic write (temp file + rename), so what it has
// processed and where it resumes can never disagree. `node --import tsx feed-poller.ts <dir> [once]`.
import { readFileSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

interface State {
  cursor?: string;
  seen: string[];
}

const dir = process.argv[2]!;
const once = process.argv[3] === 'once';
const stateFile = join(dir, 'state.json');

function load(): State {
  try {
    return JSON.parse(readFileSync(stateFile, 'utf8')) as State;
  } catch {
    return { seen: [] };
  }
}

function save(s: State): void {
  writeFileSync(`${stateFile}.tmp`, JSON.stringify(s));
  renameSync(`${stateFile}.tmp`, stateFile);
}

async function pass(): Promise<boolean> {
  const url = readFileSync(join(dir, 'url'), 'utf8').trim();
  const token = readFileSync(join(dir, 'token'), 'utf8').trim();
  const state = load();
  const limit = 1 + Math.floor(Math.random() * 3);
  const q = new URLSearchParams({ limit: String(limit), ...(state.cursor ? { after: state.cursor } : {}) });
  let res: Response;
  try {
    res = await fetch(`${url}/v1/findings?${q}`, { headers: { authorization: `Bearer ${token}` } });
  } catch {
    return true; // gateway restarting: try again
  }
  if (res.status !== 200) throw new Error(`feed answered ${res.status}: ${await res.text()}`);
  const lines = (await res.text()).split('\n').filter(Boolean);
  for (const line of lines) {
    const f = JSON.parse(line) as { cursor: string; id: string; version: number };
    state.seen.push(`${f.id}#${f.version}`);
    state.cursor = f.cursor;
    save(state);
  }
  const next = res.headers.get('amctl-next-cursor');
  if (next && next !== state.cursor) {
    state.cursor = next;
    save(state);
  }
  return res.headers.get('amctl-has-more') === 'true';
}

for (;;) {
  const more = await pass();
  if (once && !more) break;
  if (!more) await new Promise((r) => setTimeout(r, 20));
}
