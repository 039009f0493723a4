// Parser for the Trino type strings the catalogue uses. The catalogue is checked with it at load,
// and engines use the parsed form to map a column's type (e.g. to DuckDB's) without string hacks.

/** A Trino type name as Athena reports it: varchar, bigint, integer, double, boolean, date,
 * timestamp(3), timestamp(3) with time zone, array(varchar), row(a varchar, b bigint), json, ... */
export type TrinoType = string;

export type TrinoTypeNode =
  | { kind: 'scalar'; name: string }
  | { kind: 'array'; element: TrinoTypeNode }
  | { kind: 'map'; key: TrinoTypeNode; value: TrinoTypeNode }
  | { kind: 'row'; fields: { name: string; type: TrinoTypeNode }[] };

/** Scalar types an audit event field can have (timestamps inside events stay varchar). */
export const CATALOG_SCALARS: ReadonlySet<string> = new Set(['varchar', 'integer', 'bigint', 'double', 'boolean']);

const FIELD_NAME = /^[a-z_][a-z0-9_]*$/;

class Cursor {
  pos = 0;
  constructor(readonly text: string) {}
  skipSpace(): void {
    while (this.text[this.pos] === ' ') this.pos++;
  }
  word(): string {
    this.skipSpace();
    const m = /^[a-z_][a-z0-9_]*/.exec(this.text.slice(this.pos));
    if (!m) throw this.fail('a type or field name');
    this.pos += m[0].length;
    return m[0];
  }
  expect(ch: string): void {
    this.skipSpace();
    if (this.text[this.pos] !== ch) throw this.fail(`'${ch}'`);
    this.pos++;
  }
  peek(): string | undefined {
    this.skipSpace();
    return this.text[this.pos];
  }
  fail(wanted: string): Error {
    return new Error(`bad Trino type ${JSON.stringify(this.text)}: expected ${wanted} at position ${this.pos}`);
  }
}

function parseNode(c: Cursor, scalars: ReadonlySet<string>): TrinoTypeNode {
  const name = c.word();
  if (name === 'array') {
    c.expect('(');
    const element = parseNode(c, scalars);
    c.expect(')');
    return { kind: 'array', element };
  }
  if (name === 'map') {
    c.expect('(');
    const key = parseNode(c, scalars);
    c.expect(',');
    const value = parseNode(c, scalars);
    c.expect(')');
    return { kind: 'map', key, value };
  }
  if (name === 'row') {
    c.expect('(');
    const fields: { name: string; type: TrinoTypeNode }[] = [];
    for (;;) {
      const fieldName = c.word();
      if (!FIELD_NAME.test(fieldName) || fields.some((f) => f.name === fieldName)) throw c.fail('a new field name');
      fields.push({ name: fieldName, type: parseNode(c, scalars) });
      if (c.peek() === ',') {
        c.expect(',');
        continue;
      }
      c.expect(')');
      return { kind: 'row', fields };
    }
  }
  if (!scalars.has(name)) throw new Error(`bad Trino type ${JSON.stringify(c.text)}: unknown type ${name}`);
  return { kind: 'scalar', name };
}

/** Parses e.g. `array(row(cluster varchar, kind varchar))`; throws with the position on bad input. */
export function parseTrinoType(text: string, scalars: ReadonlySet<string> = CATALOG_SCALARS): TrinoTypeNode {
  const c = new Cursor(text);
  const node = parseNode(c, scalars);
  c.skipSpace();
  if (c.pos !== text.length) throw c.fail('end of type');
  return node;
}

/** Canonical text of a parsed type: `map(varchar, varchar)`, `row(a varchar, b integer)`. */
export function formatTrinoType(node: TrinoTypeNode): string {
  switch (node.kind) {
    case 'scalar':
      return node.name;
    case 'array':
      return `array(${formatTrinoType(node.element)})`;
    case 'map':
      return `map(${formatTrinoType(node.key)}, ${formatTrinoType(node.value)})`;
    case 'row':
      return `row(${node.fields.map((f) => `${f.name} ${formatTrinoType(f.type)}`).join(', ')})`;
  }
}
