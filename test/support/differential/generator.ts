// A seeded generator of analyst queries over the audit views, for the differential test (Trino vs the
// embedded engine). Each query is built from the catalogue and a profile of the data (which columns
// hold values, a few of those values), so that filters match rows and comparisons are not vacuous.
// Every query is deterministic on a correct engine: no LIMIT without a total order, window orders
// broken by uid, no current_timestamp, floating results rounded. Each carries the constructs it
// uses, so that a construct with known differences can be left out (and listed) as a whole.
import { Rng } from '../../../src/demo/prng';
import type { AuditView } from '../../../src/catalog/types';

export type Construct =
  | 'filter'
  | 'group'
  | 'having'
  | 'order_limit'
  | 'window'
  | 'json'
  | 'array'
  | 'unnest'
  | 'map'
  | 'time'
  | 'interval'
  | 'case'
  | 'string'
  | 'regexp'
  | 'null'
  | 'join';

export const ALL_CONSTRUCTS: readonly Construct[] = [
  'filter', 'group', 'having', 'order_limit', 'window', 'json', 'array', 'unnest', 'map', 'time', 'interval', 'case', 'string', 'regexp', 'null', 'join',
];

export interface ColumnProfile {
  name: string;
  type: string;
  nonNull: number;
  /** Up to a few distinct values (varchar text; array elements; map keys). */
  samples: string[];
}

export interface ViewProfile {
  view: AuditView;
  rows: number;
  columns: ColumnProfile[];
}

export interface GeneratedQuery {
  n: number;
  sql: string;
  constructs: Construct[];
  /** Functions whose Trino semantics are easy to get wrong (sum, count_if, split_part, ...). */
  features: string[];
}

const lit = (s: string) => `'${s.replace(/'/g, "''")}'`;
const q = (name: string) => (/^[a-z_][a-z0-9_]*$/.test(name) && !RESERVED.has(name) ? name : `"${name}"`);
const RESERVED = new Set(['user', 'time', 'size', 'code', 'event', 'namespace', 'login', 'reason', 'state', 'role', 'roles', 'name', 'kind', 'type', 'data']);

class Builder {
  readonly used = new Set<Construct>();
  readonly features = new Set<string>();
  constructor(
    readonly rng: Rng,
    readonly p: ViewProfile,
  ) {}

  use(c: Construct, feature?: string): void {
    this.used.add(c);
    if (feature) this.features.add(feature);
  }

  /** A function that is tracked on its own, within a construct. */
  fn(c: Construct, feature: string, sql: string): string {
    this.use(c, feature);
    return sql;
  }

  cols(type: (t: string) => boolean, preferFilled = 0.85): ColumnProfile[] {
    const all = this.p.columns.filter((c) => type(c.type));
    const filled = all.filter((c) => c.nonNull > 0);
    return filled.length > 0 && this.rng.chance(preferFilled) ? filled : all;
  }

  col(type: (t: string) => boolean): ColumnProfile | undefined {
    const cs = this.cols(type);
    return cs.length ? this.rng.pick(cs) : undefined;
  }

  sample(c: ColumnProfile, fallback = 'x'): string {
    return c.samples.length && this.rng.chance(0.85) ? this.rng.pick(c.samples) : fallback;
  }

  /** A varchar-valued expression. */
  varchar(depth = 0): string {
    const c = this.col((t) => t === 'varchar')!;
    const a = q(c.name);
    const r = this.rng.int(0, depth > 1 ? 2 : 17);
    switch (r) {
      case 0:
      case 1:
      case 2:
        return a;
      case 3:
        this.use('string');
        if (this.rng.chance(0.1)) return this.fn('string', 'md5', `to_hex(md5(to_utf8(${a})))`);
        return this.rng.pick([`lower(${a})`, `upper(${a})`, `trim(${a})`, `reverse(${a})`]);
      case 4:
        this.use('string');
        return `substr(${a}, ${this.rng.int(1, 4)}, ${this.rng.int(1, 8)})`;
      case 5:
        this.use('string');
        return `concat(${a}, '-', ${this.varchar(depth + 1)})`;
      case 6:
        this.use('string');
        return `${a} || '/' || ${q(this.col((t) => t === 'varchar')!.name)}`;
      case 7:
        this.use('string');
        return `replace(${a}, ${lit(this.rng.pick(['a', 'e', '-', '.', ':']))}, ${lit(this.rng.pick(['', '_', 'X']))})`;
      case 8:
        this.use('string', 'split_part');
        return `split_part(${a}, ${lit(this.rng.pick(['.', '-', '/', ':', '@']))}, ${this.rng.int(1, 3)})`;
      case 9:
        this.use('string');
        return this.rng.pick([`lpad(${a}, ${this.rng.int(3, 12)}, '*')`, `rpad(${a}, ${this.rng.int(3, 12)}, '.')`]);
      case 10:
        this.use('regexp');
        return `regexp_extract(${a}, ${lit(this.rng.pick(['([0-9]+)', '^([a-z]+)', '([a-z]+)$', '([.:/-])']))}${this.rng.chance(0.5) ? ', 1' : ''})`;
      case 11:
        this.use('regexp');
        return `regexp_replace(${a}, ${lit(this.rng.pick(['[aeiou]', '[0-9]+', '^.', '\\.']))}, ${lit(this.rng.pick(['', '#', '<$0>']))})`;
      case 12:
        this.use('case');
        return `CASE WHEN ${a} IS NULL THEN 'none' WHEN ${a} LIKE ${lit(`${this.sample(c).slice(0, 2)}%`)} THEN 'match' ELSE ${this.varchar(depth + 1)} END`;
      case 13:
        this.use('case');
        return this.rng.pick([`coalesce(${a}, ${this.varchar(depth + 1)}, 'dflt')`, `nullif(${a}, ${lit(this.sample(c))})`, `IF(${this.bool(depth + 1)}, ${a}, 'other')`]);
      case 14: {
        this.use('time');
        const f = this.rng.pick(['%Y-%m-%d', '%Y-%m-%d %H:%i', '%H:%i:%s', '%a %b %e', '%Y-%m-%dT%H:%i:%s.%f', '%W %M']);
        return this.rng.chance(0.5) ? `date_format(event_time, ${lit(f)})` : `format_datetime(event_time, ${lit(this.rng.pick(['yyyy-MM-dd', 'HH:mm', 'yyyy-MM-dd HH:mm:ss.SSS', 'EEE']))})`;
      }
      case 15: {
        this.use('array');
        const arr = this.col((t) => t === 'array(varchar)');
        if (!arr) return a;
        const choice = this.rng.int(0, 2);
        if (choice === 1) return `element_at(${q(arr.name)}, ${this.rng.pick([1, 2, -1])})`;
        this.use('array', 'array_join');
        return choice === 0 ? `array_join(${q(arr.name)}, ',')` : `array_join(array_sort(${q(arr.name)}), '|')`;
      }
      case 16: {
        this.use('map');
        const m = this.col((t) => t === 'map(varchar, varchar)');
        if (!m) return a;
        // The subscript fails on Trino for a missing key; element_at gives NULL.
        if (this.rng.chance(0.2)) return this.fn('map', 'map_subscript', `${q(m.name)}[${lit(this.sample(m, 'env'))}]`);
        return `element_at(${q(m.name)}, ${lit(this.sample(m, 'env'))})`;
      }
      default: {
        this.use('json');
        const arr = this.col((t) => t === 'array(varchar)');
        const m = this.col((t) => t === 'map(varchar, varchar)');
        if (m && this.rng.chance(0.5)) return `json_extract_scalar(json_format(CAST(${q(m.name)} AS JSON)), ${lit(`$.${this.sample(m, 'env').replace(/[^a-zA-Z0-9_]/g, '') || 'env'}`)})`;
        if (arr) return `json_extract_scalar(json_format(CAST(${q(arr.name)} AS JSON)), '$[0]')`;
        return a;
      }
    }
  }

  /** A bigint/integer-valued expression. */
  int(depth = 0): string {
    const r = this.rng.int(0, 9);
    const i = this.col((t) => t === 'integer' || t === 'bigint');
    switch (r) {
      case 0:
        if (i) return q(i.name);
        return '1';
      case 1:
        this.use('string');
        return `length(${this.varchar(depth + 1)})`;
      case 2:
        this.use('string');
        return `strpos(${this.varchar(depth + 1)}, ${lit(this.rng.pick(['a', '.', '-', 'e']))})`;
      case 3: {
        this.use('array');
        const arr = this.col((t) => t.startsWith('array('));
        return arr ? `cardinality(${q(arr.name)})` : '0';
      }
      case 4: {
        this.use('map', 'cardinality(map)');
        const m = this.col((t) => t.startsWith('map('));
        return m ? `cardinality(${q(m.name)})` : '0';
      }
      case 5:
        this.use('time');
        return this.rng.pick(['hour(event_time)', 'day_of_week(event_time)', 'minute(event_time)', 'day(event_time)', 'year(event_date)', 'day_of_year(event_time)', 'extract(hour FROM event_time)']);
      case 6:
        this.use('time');
        return `date_diff(${lit(this.rng.pick(['minute', 'hour', 'second', 'day']))}, date_trunc('day', event_time), event_time)`;
      case 7: {
        this.use('json');
        const arr = this.col((t) => t === 'array(varchar)');
        return arr ? `json_array_length(json_format(CAST(${q(arr.name)} AS JSON)))` : `json_array_length('[1, 2, 3]')`;
      }
      case 8:
        this.use('case');
        return `CASE WHEN ${this.bool(depth + 1)} THEN 1 ELSE 0 END`;
      default:
        if (i) return `${q(i.name)} ${this.rng.pick(['+', '-', '*'])} ${this.rng.int(1, 5)}`;
        return `length(${this.varchar(depth + 1)})`;
    }
  }

  /** A boolean predicate. */
  bool(depth = 0): string {
    const r = this.rng.int(0, depth > 1 ? 6 : 14);
    const c = this.col((t) => t === 'varchar')!;
    const a = q(c.name);
    switch (r) {
      case 0:
      case 1:
        return `${a} = ${lit(this.sample(c))}`;
      case 2:
        return `${a} <> ${lit(this.sample(c))}`;
      case 3:
        return `${a} IN (${[this.sample(c), this.sample(c), this.sample(c)].map(lit).join(', ')})`;
      case 4:
        this.use('null');
        return this.rng.pick([`${a} IS NULL`, `${a} IS NOT NULL`]);
      case 5:
        this.use('string');
        return `${a} LIKE ${lit(this.rng.pick([`${this.sample(c).slice(0, 3)}%`, `%${this.sample(c).slice(-2)}`, `%${this.sample(c).slice(1, 3)}%`]))}`;
      case 6: {
        const b = this.col((t) => t === 'boolean');
        if (b) return this.rng.pick([q(b.name), `NOT ${q(b.name)}`, `${q(b.name)} IS NULL`]);
        return `${this.int(depth + 1)} > ${this.rng.int(0, 5)}`;
      }
      case 7:
        return `${this.int(depth + 1)} ${this.rng.pick(['>', '<', '>=', '=', '<>'])} ${this.rng.int(0, 20)}`;
      case 8:
        return `(${this.bool(depth + 1)} ${this.rng.pick(['AND', 'OR'])} ${this.bool(depth + 1)})`;
      case 9:
        return `NOT (${this.bool(depth + 1)})`;
      case 10:
        this.use('regexp');
        return `regexp_like(${a}, ${lit(this.rng.pick(['^[a-m]', '[0-9]', '\\.', '^$', '(?i)ADMIN', 'e.*e']))})`;
      case 11: {
        this.use('array');
        const arr = this.col((t) => t === 'array(varchar)');
        if (!arr) return `${a} IS NOT NULL`;
        return this.rng.pick([`contains(${q(arr.name)}, ${lit(this.sample(arr))})`, `cardinality(${q(arr.name)}) > ${this.rng.int(0, 2)}`, `arrays_overlap(${q(arr.name)}, ARRAY[${lit(this.sample(arr))}])`]);
      }
      case 12: {
        this.use('time');
        const hour = this.rng.int(0, 23);
        return this.rng.pick([`hour(event_time) >= ${hour}`, `event_time < date_trunc('day', event_time) + INTERVAL '${hour}' HOUR`, `day_of_week(event_time) IN (6, 7)`]);
      }
      case 13: {
        this.use('null');
        // Three-valued logic: comparisons with NULL are NULL, so these filter everything or nothing.
        return this.rng.pick([`${a} = NULL`, `NOT (${a} <> NULL)`, `coalesce(${a} = NULL, true)`, `(${a} IS NULL) = (${this.varchar(depth + 1)} IS NULL)`]);
      }
      default: {
        this.use('map');
        const m = this.col((t) => t === 'map(varchar, varchar)');
        if (!m) return `${a} IS NULL`;
        return this.rng.pick([`contains(map_keys(${q(m.name)}), ${lit(this.sample(m, 'env'))})`, `element_at(${q(m.name)}, ${lit(this.sample(m, 'env'))}) IS NOT NULL`]);
      }
    }
  }

  /** A timestamp-valued expression. */
  timestamp(): string {
    this.use('time');
    switch (this.rng.int(0, 5)) {
      case 0:
        return 'event_time';
      case 1:
        return `date_trunc(${lit(this.rng.pick(['minute', 'hour', 'day', 'week', 'month']))}, event_time)`;
      case 2:
        this.use('interval');
        return `event_time ${this.rng.pick(['+', '-'])} INTERVAL '${this.rng.int(1, 48)}' ${this.rng.pick(['SECOND', 'MINUTE', 'HOUR', 'DAY'])}`;
      case 3:
        return `date_add(${lit(this.rng.pick(['second', 'minute', 'hour', 'day', 'month']))}, ${this.rng.int(-3, 3)}, event_time)`;
      case 4:
        if (this.rng.chance(0.3)) return this.fn('interval', 'date_arith', `event_date ${this.rng.pick(['+', '-'])} INTERVAL '${this.rng.int(1, 3)}' ${this.rng.pick(['DAY', 'MONTH'])}`);
        return `CAST(event_date AS timestamp)`;
      default:
        return `from_unixtime(to_unixtime(event_time))`;
    }
  }
}

function where(b: Builder): string {
  if (!b.rng.chance(0.6)) return '';
  b.use('filter');
  return ` WHERE ${b.bool()}`;
}

function projection(b: Builder): string {
  const n = b.rng.int(1, 4);
  const exprs: string[] = [];
  for (let i = 0; i < n; i++) {
    const kind = b.rng.int(0, 5);
    exprs.push(kind <= 2 ? b.varchar() : kind === 3 ? b.int() : kind === 4 ? b.timestamp() : b.bool());
  }
  return exprs.map((e, i) => `${e} AS c${i}`).join(', ');
}

function aggregate(b: Builder): string {
  b.use('group');
  const keys = [b.rng.chance(0.7) ? b.varchar(1) : b.rng.chance(0.5) ? 'event_date' : b.int(1)];
  if (b.rng.chance(0.4)) keys.push(b.varchar(1));
  const c = b.col((t) => t === 'varchar')!;
  // Built lazily: only the picked aggregates may mark constructs as used.
  const aggs = b.rng
    .some<() => string>([
      () => 'count(*)',
      () => `count(${q(c.name)})`,
      () => `count(DISTINCT ${q(b.col((t) => t === 'varchar')!.name)})`,
      () => `min(${q(c.name)})`,
      () => `max(${b.varchar(2)})`,
      () => b.fn('group', 'sum', `sum(${b.int(1)})`),
      () => `max(${b.int(1)})`,
      () => `round(avg(${b.int(1)}), 4)`,
      () => b.fn('group', 'count_if', `count_if(${b.bool(1)})`),
      () => `bool_or(${b.bool(1)})`,
      () => `min(event_time)`,
      () => b.fn('array', 'array_join', `array_join(array_sort(array_agg(DISTINCT ${q(c.name)})), ',')`),
      () => `approx_distinct(${q(c.name)})`,
      () => b.fn('group', 'approx_percentile', `approx_percentile(${b.int(1)}, 0.5)`),
    ])
    .map((f) => f());
  const having = b.rng.chance(0.35) ? (b.use('having'), ` HAVING count(*) ${b.rng.pick(['>', '>=', '<'])} ${b.rng.int(1, 4)}`) : '';
  const select = [...keys.map((k, i) => `${k} AS k${i}`), ...aggs.map((a, i) => `${a} AS a${i}`)].join(', ');
  const group = keys.map((_, i) => i + 1).join(', ');
  if (b.rng.chance(0.25)) {
    b.use('order_limit');
    // A total order: every key, NULLs where Trino puts them by default (last).
    return `SELECT ${select} FROM ${b.p.view.name}${where(b)} GROUP BY ${group}${having} ORDER BY ${keys.map((_, i) => `k${i}${b.rng.chance(0.5) ? ' DESC' : ''}`).join(', ')} LIMIT ${b.rng.int(1, 6)}`;
  }
  return `SELECT ${select} FROM ${b.p.view.name}${where(b)} GROUP BY ${group}${having}`;
}

function windowed(b: Builder): string {
  b.use('window');
  const part = q(b.col((t) => t === 'varchar')!.name);
  const fn = b.rng.pick<() => string>([
    () => `row_number() OVER (PARTITION BY ${part} ORDER BY event_time, uid)`,
    () => `rank() OVER (PARTITION BY ${part} ORDER BY event_date)`,
    () => `dense_rank() OVER (ORDER BY ${part})`,
    () => `count(*) OVER (PARTITION BY ${part})`,
    () => `lag(${b.varchar(2)}) OVER (PARTITION BY ${part} ORDER BY event_time, uid)`,
    () => `lead(event_time, ${b.rng.int(1, 2)}) OVER (PARTITION BY ${part} ORDER BY event_time, uid)`,
    () => `first_value(uid) OVER (PARTITION BY ${part} ORDER BY event_time, uid)`,
    () => b.fn('window', 'sum', `sum(${b.int(2)}) OVER (PARTITION BY ${part} ORDER BY event_time, uid ROWS BETWEEN UNBOUNDED PRECEDING AND CURRENT ROW)`),
    () => `count(*) OVER (PARTITION BY event_date ORDER BY event_time, uid ROWS BETWEEN 2 PRECEDING AND CURRENT ROW)`,
  ])();
  return `SELECT uid, ${part} AS p, ${fn} AS w FROM ${b.p.view.name}${where(b)}`;
}

function unnested(b: Builder): string | undefined {
  const arr = b.col((t) => t === 'array(varchar)');
  if (!arr) return undefined;
  b.use('unnest');
  b.use('array');
  if (b.rng.chance(0.5)) return `SELECT x, count(*) AS n FROM ${b.p.view.name} CROSS JOIN UNNEST(${q(arr.name)}) AS t(x)${where(b)} GROUP BY x`;
  return `SELECT uid, x, o FROM ${b.p.view.name} CROSS JOIN UNNEST(${q(arr.name)}) WITH ORDINALITY AS t(x, o)${where(b)}`;
}

function joined(b: Builder, all: ViewProfile[]): string | undefined {
  // Sessions and their commands share the session id.
  const pairs: [string, string, string][] = [['session_start', 'exec', 'sid'], ['session_start', 'session_command', 'sid'], ['access_request_create', 'access_request_review', 'id'], ['db_session_start', 'db_session_query', 'sid']];
  const ok = pairs.filter(([l, r, k]) => [l, r].every((v) => all.some((p) => p.view.name === v && p.rows > 0 && p.columns.some((c) => c.name === k))));
  if (!ok.length) return undefined;
  const [l, r, k] = b.rng.pick(ok);
  b.use('join');
  const kind = b.rng.pick(['JOIN', 'LEFT JOIN']);
  return `SELECT a.${q('user')} AS u, count(b.uid) AS n, count(DISTINCT a.uid) AS sessions FROM ${l} a ${kind} ${r} b ON a.${q(k)} = b.${q(k)} GROUP BY a.${q('user')}`;
}

function intervals(b: Builder): string {
  b.use('time');
  b.use('interval');
  const e = b.rng.pick([
    `event_time - date_trunc('hour', event_time)`,
    `date_trunc('day', event_time) - event_time`,
    `from_iso8601_timestamp(${q('time')}) - from_iso8601_timestamp(${q('time')})`,
    `INTERVAL '${b.rng.int(1, 99)}' MINUTE + INTERVAL '${b.rng.int(1, 9)}' SECOND`,
    `max(event_time) - min(event_time)`,
    `event_time - lag(event_time) OVER (ORDER BY event_time, uid)`,
    `date_diff('second', min(event_time), max(event_time))`,
  ]);
  if (e.startsWith('max(') || e.startsWith('date_diff')) return `SELECT event_date AS d, ${e} AS span FROM ${b.p.view.name} GROUP BY 1`;
  return `SELECT uid, ${e} AS i FROM ${b.p.view.name}${where(b)}`;
}

/**
 * `count` queries from `seed`, over the views the profile shows to have rows. `exclude` names
 * constructs or features (function names) to leave out: a query using one is not generated.
 */
export function generateQueries(profiles: readonly ViewProfile[], count: number, seed: number, exclude: ReadonlySet<string> = new Set()): GeneratedQuery[] {
  const rng = new Rng(seed);
  const usable = profiles.filter((p) => p.rows > 0 && p.columns.some((c) => c.name === 'uid') && p.columns.some((c) => c.type === 'varchar' && c.nonNull > 0));
  if (!usable.length) throw new Error('differential: no view has rows; generate a bigger audit log');
  const out: GeneratedQuery[] = [];
  for (let attempts = 0; out.length < count && attempts < count * 50; attempts++) {
    const b = new Builder(rng, rng.pick(usable));
    const shape = rng.int(0, 9);
    let sql: string | undefined;
    if (shape <= 2) sql = `SELECT ${projection(b)} FROM ${b.p.view.name}${where(b)}`;
    else if (shape <= 5) sql = aggregate(b);
    else if (shape === 6) sql = windowed(b);
    else if (shape === 7) sql = unnested(b);
    else if (shape === 8) sql = joined(b, usable);
    else sql = intervals(b);
    if (!sql) continue;
    const constructs = [...b.used].sort();
    const features = [...b.features].sort();
    if ([...constructs, ...features].some((c) => exclude.has(c))) continue;
    out.push({ n: out.length + 1, sql, constructs, features });
  }
  return out;
}
