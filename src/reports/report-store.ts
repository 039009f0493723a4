// Report definitions kept in the report store (key reports/<name>.json), plus installing the
// pre-built ones on start when the shipped version is newer than the stored one.
import { getJson, putJson, type BlobStore } from './blobstore';
import { checkReportSql, parseReportDefinition, validateName, type ReportDefinition, type SqlCheck } from './definitions';
import { notFound } from './errors';
import { compareSemver } from './semver';

const key = (name: string) => `reports/${validateName(name, 'report name')}.json`;

export class ReportStore {
  constructor(
    private readonly store: BlobStore,
    private readonly checkSql?: SqlCheck,
  ) {}

  async list(): Promise<ReportDefinition[]> {
    const keys = await this.store.list('reports/');
    const docs = await Promise.all(keys.filter((k) => k.endsWith('.json')).map((k) => getJson<ReportDefinition>(this.store, k)));
    return docs.flatMap((d) => (d ? [d.value] : [])).sort((a, b) => a.name.localeCompare(b.name));
  }

  async find(name: string): Promise<ReportDefinition | undefined> {
    return (await getJson<ReportDefinition>(this.store, key(name)))?.value;
  }

  async get(name: string): Promise<ReportDefinition> {
    const r = await this.find(name);
    if (!r) throw notFound(`report ${JSON.stringify(name)} does not exist; list reports with \`amctl audit report ls\``);
    return r;
  }

  /** Validates (every query through the SQL guard) and saves; returns the stored form. */
  async upsert(doc: unknown): Promise<ReportDefinition> {
    const report = parseReportDefinition(doc);
    if (this.checkSql) await checkReportSql(report, this.checkSql);
    await putJson(this.store, key(report.name), report);
    return report;
  }

  async delete(name: string): Promise<boolean> {
    const existed = (await this.find(name)) !== undefined;
    if (existed) await this.store.delete(key(name));
    return existed;
  }

  /** Stores each pre-built report that is missing or older than the shipped version. Returns the names installed. */
  async installBuiltins(builtins: ReportDefinition[]): Promise<string[]> {
    const installed: string[] = [];
    for (const report of builtins) {
      const current = await this.find(report.name);
      if (current && compareSemver(report.version, current.version) <= 0) continue;
      await putJson(this.store, key(report.name), report);
      installed.push(report.name);
    }
    return installed;
  }
}
