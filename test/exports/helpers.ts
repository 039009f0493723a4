// Shared by the export tests: run a query through GraphQL and wait for it; a CSV reader written
// from RFC 4180 (quoted fields, doubled quotes), independent of the exporter.
import type { TestGateway } from '../support/gateway';

export async function runAndWait(gw: Pick<TestGateway, 'gql'>, sql: string, token: string, expect: string[] = ['SUCCEEDED'], days = 7): Promise<string> {
  const r = await gw.gql<{ runQuery: { id: string } }>('mutation($sql: String!, $days: Int!) { runQuery(sql: $sql, days: $days) { id } }', { sql, days }, token);
  if (r.errors) throw new Error(JSON.stringify(r.errors));
  const id = r.data!.runQuery.id;
  for (let i = 0; i < 2000; i++) {
    const s = await gw.gql<{ queryExecution: { state: string; error?: { message: string } } }>('query($id: ID!) { queryExecution(id: $id) { state error { message } } }', { id }, token);
    const state = s.data?.queryExecution.state;
    if (state && ['SUCCEEDED', 'FAILED', 'CANCELLED'].includes(state)) {
      if (!expect.includes(state)) throw new Error(`query ended ${state}: ${s.data?.queryExecution.error?.message}`);
      return id;
    }
    await new Promise((r) => setTimeout(r, 25));
  }
  throw new Error('query did not finish');
}

/** RFC 4180 CSV; an empty unquoted field is NULL (null), a quoted one a string. */
export function parseCsv(text: string): (string | null)[][] {
  const rows: (string | null)[][] = [];
  let row: (string | null)[] = [];
  let i = 0;
  while (i < text.length) {
    let field: string | null;
    if (text[i] === '"') {
      let j = i + 1;
      let v = '';
      for (;;) {
        const q = text.indexOf('"', j);
        if (q < 0) throw new Error('unterminated quoted field');
        v += text.slice(j, q);
        if (text[q + 1] === '"') {
          v += '"';
          j = q + 2;
        } else {
          j = q + 1;
          break;
        }
      }
      field = v;
      i = j;
    } else {
      let j = i;
      while (j < text.length && text[j] !== ',' && text[j] !== '\n') j++;
      field = j === i ? null : text.slice(i, j);
      i = j;
    }
    row.push(field);
    if (text[i] === ',') i++;
    else {
      rows.push(row);
      row = [];
      i++;
    }
  }
  return rows;
}
