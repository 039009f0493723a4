// The audit-view catalogue: schema/audit-views.json is the single source of truth for both engines'
// view SQL and for the schema listing. Validated once here, at load.
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { BASE_VIEW } from './base-view';
import { formatTrinoType, parseTrinoType } from './trino-type';
import type { AuditView, Catalog } from './types';

export * from './types';
export { BASE_VIEW, BASE_VIEW_NAME } from './base-view';
export { describeCatalog, type SchemaColumn, type SchemaListing, type SchemaView } from './describe';
export { CATALOG_SCALARS, formatTrinoType, parseTrinoType, type TrinoTypeNode } from './trino-type';

const CATALOG_PATH = fileURLToPath(new URL('../../schema/audit-views.json', import.meta.url));
/** Views over other sources (AWS CloudTrail, Okta, GitHub): kept apart from Teleport's, same rules. */
const SOURCE_CATALOG_PATH = fileURLToPath(new URL('../../schema/source-views.json', import.meta.url));

/** Teleport event type -> view name (SPEC section 2). */
export function viewNameFor(eventType: string): string {
  return eventType.replace(/[.-]/g, '_');
}

/**
 * JSON path keys -> column name: keys joined with '_', dots inside keys become '_', lower case
 * (Trino folds identifiers to lower case, so the `exitCode` key is the column `exitcode`).
 */
export function columnNameFor(path: readonly string[]): string {
  return path.map((k) => k.replace(/[.-]/g, '_')).join('_').toLowerCase();
}

const IDENT = /^[a-z_][a-z0-9_]*$/;

export function buildCatalog(views: AuditView[]): Catalog {
  const byName = new Map<string, AuditView>();
  const byEventType = new Map<string, AuditView>();
  for (const v of views) {
    if (!IDENT.test(v.name)) throw new Error(`catalogue: view name ${JSON.stringify(v.name)} is not a plain identifier`);
    if (byName.has(v.name)) throw new Error(`catalogue: view ${v.name} is defined twice`);
    if (viewNameFor(v.eventType) !== v.name) {
      throw new Error(`catalogue: view ${v.name} does not match its event type ${v.eventType}`);
    }
    if (!Array.isArray(v.codes) || v.codes.length === 0) throw new Error(`catalogue: view ${v.name} lists no event codes`);
    const seen = new Set(['event_date', 'event_time']);
    for (const c of v.columns) {
      if (!IDENT.test(c.name)) throw new Error(`catalogue: ${v.name}.${c.name} is not a plain identifier`);
      if (seen.has(c.name)) throw new Error(`catalogue: ${v.name}.${c.name} is defined twice`);
      if (!Array.isArray(c.path) || c.path.length === 0) throw new Error(`catalogue: ${v.name}.${c.name} has no JSON path`);
      if (columnNameFor(c.path) !== c.name) {
        throw new Error(`catalogue: ${v.name}.${c.name} should be named ${columnNameFor(c.path)} after its path`);
      }
      // Canonical spelling, so engines can compare and map types as plain strings.
      const canonical = formatTrinoType(parseTrinoType(c.type));
      if (canonical !== c.type) throw new Error(`catalogue: ${v.name}.${c.name} type should be written ${canonical}`);
      seen.add(c.name);
    }
    byName.set(v.name, v);
    byEventType.set(v.eventType, v);
  }
  // The base view is queryable by name on every engine, but it is not one of the typed views.
  if (!byName.has(BASE_VIEW.name)) byName.set(BASE_VIEW.name, BASE_VIEW);
  return { views, byName, byEventType };
}

let cached: Catalog | undefined;

/** The shipped catalogue, parsed and validated once per process. */
export function loadCatalog(): Catalog {
  if (!cached) {
    const doc = JSON.parse(readFileSync(CATALOG_PATH, 'utf8')) as { views: AuditView[] };
    const sources = JSON.parse(readFileSync(SOURCE_CATALOG_PATH, 'utf8')) as { views: AuditView[] };
    cached = buildCatalog([...doc.views, ...sources.views]);
  }
  return cached;
}
