// Report definitions: Teleport security_report documents ({name, title, description, audit_queries[],
// version}), each audit query with a title, Trino SQL, a suggestion and a chart hint. Validated once
// here, at the edge (YAML files, upsertReport), so everything downstream can trust the shape.
import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parse as parseYaml } from 'yaml';
import { badInput } from './errors';
import { isSemver } from './semver';
import { parseFindingKey, parseSeverity } from './findings/severity';
import type { Severity } from './findings/types';

export type ChartType = 'bar' | 'line' | 'table';
export const CHART_TYPES: readonly ChartType[] = ['bar', 'line', 'table'];

/** How to draw a query's rows: x/y/series name result columns. */
export interface ChartHint {
  type: ChartType;
  x?: string;
  y?: string;
  series?: string;
}

export interface ReportQuery {
  name: string;
  title: string;
  description: string;
  /** Trino SQL over the audit views; must pass the SQL guard. */
  query: string;
  suggestion: string;
  chart?: ChartHint;
  /** Severity of this query's findings (default: the report's, else medium). */
  severity?: Severity;
  /** Result columns that identify a finding (default: the non-numeric ones). */
  finding_key?: string[];
}

export interface ReportDefinition {
  name: string;
  title: string;
  description: string;
  version: string;
  /** Default severity of the report's findings. */
  severity?: Severity;
  audit_queries: ReportQuery[];
}

/** Refuses SQL the guard would refuse (throws SqlRejectedError); injected so definitions stay engine-free. */
export type SqlCheck = (sql: string) => void | Promise<void>;

// Names become state keys (`<name>_<days>_days`) and storage keys, so keep them path-safe.
const NAME = /^[A-Za-z0-9][A-Za-z0-9_.-]{0,127}$/;
export const MAX_QUERIES_PER_REPORT = 50;

export function validateName(name: unknown, what: string): string {
  if (typeof name !== 'string' || !NAME.test(name) || name.includes('..')) {
    throw badInput(
      `${what} must be 1-128 characters of letters, digits, '_', '-' or '.', starting with a letter or digit; got ${JSON.stringify(name)}`,
    );
  }
  return name;
}

function str(obj: Record<string, unknown>, key: string, where: string, required: boolean): string {
  const v = obj[key];
  if (v === undefined || v === null || v === '') {
    if (required) throw badInput(`${where}.${key} is required`);
    return '';
  }
  if (typeof v !== 'string') throw badInput(`${where}.${key} must be a string, got ${typeof v}`);
  return v;
}

function obj(v: unknown, where: string): Record<string, unknown> {
  if (v === null || typeof v !== 'object' || Array.isArray(v)) throw badInput(`${where} must be an object`);
  return v as Record<string, unknown>;
}

function parseChart(v: unknown, where: string): ChartHint | undefined {
  if (v === undefined || v === null) return undefined;
  const o = obj(v, where);
  const type = o.type ?? 'bar';
  if (!CHART_TYPES.includes(type as ChartType)) {
    throw badInput(`${where}.type must be one of ${CHART_TYPES.join(', ')}, got ${JSON.stringify(type)}`);
  }
  const hint: ChartHint = { type: type as ChartType };
  for (const k of ['x', 'y', 'series'] as const) {
    const s = str(o, k, where, false);
    if (s) hint[k] = s;
  }
  return hint;
}

/**
 * A Teleport resource document (`kind: security_report`, `metadata.name`, `spec: {...}`) as tctl
 * prints it, reduced to the flat report; a flat report is returned as it is.
 */
function unwrapResource(doc: Record<string, unknown>): Record<string, unknown> {
  if (doc.kind === undefined && doc.spec === undefined) return doc;
  if (doc.kind !== 'security_report') throw badInput(`expected a security_report document, got kind ${JSON.stringify(doc.kind)}`);
  const spec = obj(doc.spec, 'security_report spec');
  const meta = doc.metadata === undefined ? {} : obj(doc.metadata, 'security_report metadata');
  if (spec.name !== undefined && meta.name !== undefined && spec.name !== meta.name) {
    throw badInput(`security_report metadata.name ${JSON.stringify(meta.name)} and spec.name ${JSON.stringify(spec.name)} differ`);
  }
  return { ...spec, name: spec.name ?? meta.name };
}

/** Checks a report document's shape (flat, or a Teleport security_report resource) and returns it normalised. */
export function parseReportDefinition(doc: unknown): ReportDefinition {
  const o = unwrapResource(obj(doc, 'report'));
  const name = validateName(o.name, 'report name');
  const where = `report ${name}`;
  const version = str(o, 'version', where, false) || '0.0.0';
  if (!isSemver(version)) throw badInput(`${where}.version must be a semantic version like 1.2.3, got ${JSON.stringify(version)}`);
  const list = o.audit_queries;
  if (!Array.isArray(list) || list.length === 0) throw badInput(`${where}.audit_queries must be a non-empty list of queries`);
  if (list.length > MAX_QUERIES_PER_REPORT) throw badInput(`${where} has ${list.length} queries; at most ${MAX_QUERIES_PER_REPORT} are allowed`);
  const seen = new Set<string>();
  const queries = list.map((q, i): ReportQuery => {
    const qo = obj(q, `${where}.audit_queries[${i}]`);
    const qwhere = `${where}.audit_queries[${i}]`;
    const qname = validateName(qo.name ?? `query_${i + 1}`, `${qwhere}.name`);
    if (seen.has(qname)) throw badInput(`${qwhere}.name ${JSON.stringify(qname)} is used twice in the report`);
    seen.add(qname);
    const sql = str(qo, 'query', qwhere, true);
    const severity = parseSeverity(qo.severity, `${qwhere}.severity`);
    const findingKey = parseFindingKey(qo.finding_key, `${qwhere}.finding_key`);
    return {
      name: qname,
      title: str(qo, 'title', qwhere, false) || qname,
      description: str(qo, 'description', qwhere, false),
      query: sql,
      suggestion: str(qo, 'suggestion', qwhere, false),
      chart: parseChart(qo.chart, `${qwhere}.chart`),
      ...(severity ? { severity } : {}),
      ...(findingKey ? { finding_key: findingKey } : {}),
    };
  });
  const severity = parseSeverity(o.severity, `${where}.severity`);
  return {
    name,
    title: str(o, 'title', where, false) || name,
    description: str(o, 'description', where, false),
    version,
    ...(severity ? { severity } : {}),
    audit_queries: queries,
  };
}

/**
 * Runs the SQL guard on every query, so a report that cannot run is refused on save rather than
 * failing at 3 a.m. The guard's error (class and code) is kept; its message names the query.
 */
export async function checkReportSql(report: ReportDefinition, checkSql: SqlCheck): Promise<void> {
  for (const [i, q] of report.audit_queries.entries()) {
    try {
      await checkSql(q.query);
    } catch (e) {
      const err = e as Error;
      err.message = `report ${report.name}, query ${i + 1} (${q.name}): ${err.message}`;
      throw err;
    }
  }
}

/** schema/reports at the repository root, found relative to this module. */
export function builtinReportsDir(): string {
  return resolve(dirname(fileURLToPath(import.meta.url)), '../../schema/reports');
}

/** The pre-built reports shipped in schema/reports/*.yaml, sorted by name. */
export function loadBuiltinReports(dir = builtinReportsDir()): ReportDefinition[] {
  return readdirSync(dir)
    .filter((f) => f.endsWith('.yaml') || f.endsWith('.yml'))
    .sort()
    .map((f) => {
      const file = join(dir, f);
      try {
        return parseReportDefinition(parseYaml(readFileSync(file, 'utf8')));
      } catch (e) {
        throw new Error(`pre-built report ${file} is invalid: ${(e as Error).message}`);
      }
    });
}
