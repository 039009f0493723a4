// Reports through a gateway's GraphQL API: what `amctl audit report ...` uses with --server. Shapes
// are converted back to the local documents (snake_case, engine cells), so both modes print the same.
import type { WindowDays } from '../engine/types';
import { fromApiCell } from '../executions/cells';
import type { ChartHint, ReportDefinition } from './definitions';
import type { QueryResult, ReportResult, ReportRunSummary } from './results';
import type { ReportState } from './state';

/** What the CLI needs from reports, locally or remotely. */
export interface ReportsApi {
  listReports(): Promise<ReportDefinition[]>;
  getReport(name: string): Promise<ReportDefinition>;
  upsertReport(doc: unknown): Promise<ReportDefinition>;
  deleteReport(name: string): Promise<boolean>;
  /** Starts a run and resolves with its final state. */
  runAndWait(name: string, days: WindowDays): Promise<ReportState>;
  listStates(name?: string): Promise<ReportState[]>;
  getResult(name: string, days: WindowDays, runId?: string): Promise<ReportResult | undefined>;
  history(name: string, days: WindowDays): Promise<ReportRunSummary[]>;
}

/** The one request method of the CLI's gateway client. */
export interface GraphqlRequester {
  request<T>(query: string, variables?: Record<string, unknown>): Promise<T>;
}

const REPORT = 'name title description version auditQueries { name title description query suggestion chart { type x y series } }';
const STATE = 'name report days status updatedAt runId startedAt completedAt error';
const TOTALS = 'totals { queries succeeded failed rows executionMs bytesScanned }';
const RESULT = `report title version days runId status error startedAt completedAt ${TOTALS}
  queries { name title description suggestion query status error columns { name type } rows { data } rowCount truncated executionMs bytesScanned chart { type x y series } }`;

type ApiChart = { type: ChartHint['type']; x?: string | null; y?: string | null; series?: string | null } | null;
type ApiReport = { name: string; title: string; description: string; version: string; auditQueries: { name: string; title: string; description: string; query: string; suggestion: string; chart: ApiChart }[] };
type ApiState = { name: string; report: string; days: WindowDays; status: ReportState['status']; updatedAt: string; runId: string; startedAt: string; completedAt?: string | null; error?: string | null };
type ApiTotals = { queries: number; succeeded: number; failed: number; rows: number; executionMs: number; bytesScanned: number };

function chart(c: ApiChart): ChartHint | undefined {
  if (!c) return undefined;
  const hint: ChartHint = { type: c.type };
  if (c.x) hint.x = c.x;
  if (c.y) hint.y = c.y;
  if (c.series) hint.series = c.series;
  return hint;
}

function report(r: ApiReport): ReportDefinition {
  return {
    name: r.name,
    title: r.title,
    description: r.description,
    version: r.version,
    audit_queries: r.auditQueries.map((q) => ({ name: q.name, title: q.title, description: q.description, query: q.query, suggestion: q.suggestion, ...(q.chart ? { chart: chart(q.chart) } : {}) })),
  };
}

function state(s: ApiState): ReportState {
  return {
    name: s.name,
    report: s.report,
    days: s.days,
    status: s.status,
    updated_at: s.updatedAt,
    run_id: s.runId,
    started_at: s.startedAt,
    ...(s.completedAt ? { completed_at: s.completedAt } : {}),
    ...(s.error ? { error: s.error } : {}),
  };
}

const totals = (t: ApiTotals) => ({ queries: t.queries, succeeded: t.succeeded, failed: t.failed, rows: t.rows, execution_ms: t.executionMs, bytes_scanned: t.bytesScanned });

export class RemoteReports implements ReportsApi {
  constructor(
    private readonly gw: GraphqlRequester,
    private readonly pollMs = 1000,
  ) {}

  async listReports(): Promise<ReportDefinition[]> {
    return (await this.gw.request<{ reports: ApiReport[] }>(`{ reports { ${REPORT} } }`)).reports.map(report);
  }

  async getReport(name: string): Promise<ReportDefinition> {
    return report((await this.gw.request<{ report: ApiReport }>(`query ($name: String!) { report(name: $name) { ${REPORT} } }`, { name })).report);
  }

  async upsertReport(doc: unknown): Promise<ReportDefinition> {
    const d = (doc ?? {}) as Partial<ReportDefinition>;
    const input = {
      name: d.name,
      title: d.title,
      description: d.description,
      version: d.version,
      auditQueries: (d.audit_queries ?? []).map((q) => ({ name: q.name, title: q.title, description: q.description, query: q.query, suggestion: q.suggestion, chart: q.chart })),
    };
    const out = await this.gw.request<{ upsertReport: ApiReport }>(`mutation ($input: SecurityReportInput!) { upsertReport(input: $input) { ${REPORT} } }`, { input });
    return report(out.upsertReport);
  }

  async deleteReport(name: string): Promise<boolean> {
    return (await this.gw.request<{ deleteReport: boolean }>(`mutation ($name: String!) { deleteReport(name: $name) }`, { name })).deleteReport;
  }

  async runAndWait(name: string, days: WindowDays): Promise<ReportState> {
    let st = state((await this.gw.request<{ runReport: ApiState }>(`mutation ($name: String!, $days: Int!) { runReport(name: $name, days: $days) { ${STATE} } }`, { name, days })).runReport);
    while (st.status === 'RUNNING') {
      await new Promise((r) => setTimeout(r, this.pollMs));
      const next = (await this.gw.request<{ reportState: ApiState | null }>(`query ($name: String!, $days: Int!) { reportState(name: $name, days: $days) { ${STATE} } }`, { name, days })).reportState;
      if (next) st = state(next);
    }
    return st;
  }

  async listStates(name?: string): Promise<ReportState[]> {
    return (await this.gw.request<{ reportStates: ApiState[] }>(`query ($name: String) { reportStates(name: $name) { ${STATE} } }`, { name })).reportStates.map(state);
  }

  async getResult(name: string, days: WindowDays, runId?: string): Promise<ReportResult | undefined> {
    type ApiResult = Omit<ReportResult, 'queries' | 'totals' | 'run_id' | 'started_at' | 'completed_at'> & {
      runId: string;
      startedAt: string;
      completedAt: string;
      error?: string | null;
      totals: ApiTotals;
      queries: (Omit<QueryResult, 'rows' | 'chart' | 'row_count' | 'execution_ms' | 'bytes_scanned' | 'started_at' | 'completed_at'> & {
        rows: { data: QueryResult['rows'][number] }[];
        chart: ApiChart;
        rowCount: number;
        executionMs: number;
        bytesScanned: number;
        error?: string | null;
      })[];
    };
    const r = (await this.gw.request<{ reportResult: ApiResult | null }>(
      `query ($name: String!, $days: Int!, $runId: String) { reportResult(name: $name, days: $days, runId: $runId) { ${RESULT} } }`,
      { name, days, runId },
    )).reportResult;
    if (!r) return undefined;
    return {
      report: r.report,
      title: r.title,
      version: r.version,
      days: r.days,
      run_id: r.runId,
      status: r.status,
      ...(r.error ? { error: r.error } : {}),
      started_at: r.startedAt,
      completed_at: r.completedAt,
      totals: totals(r.totals),
      queries: r.queries.map((q) => ({
        name: q.name,
        title: q.title,
        description: q.description,
        suggestion: q.suggestion,
        ...(q.chart ? { chart: chart(q.chart) } : {}),
        query: q.query,
        status: q.status,
        ...(q.error ? { error: q.error } : {}),
        columns: q.columns,
        rows: q.rows.map((row) => row.data.map((c, i) => fromApiCell(c, q.columns[i]?.type ?? 'varchar'))),
        row_count: q.rowCount,
        truncated: q.truncated,
        execution_ms: q.executionMs,
        bytes_scanned: q.bytesScanned,
        // Not served per query by the API; the run's times stand in.
        started_at: r.startedAt,
        completed_at: r.completedAt,
      })),
    };
  }

  async history(name: string, days: WindowDays): Promise<ReportRunSummary[]> {
    type ApiRun = { runId: string; status: ReportRunSummary['status']; error?: string | null; startedAt: string; completedAt: string; totals: ApiTotals };
    const runs = (await this.gw.request<{ reportRuns: ApiRun[] }>(
      `query ($name: String!, $days: Int!) { reportRuns(name: $name, days: $days) { runId status error startedAt completedAt ${TOTALS} } }`,
      { name, days },
    )).reportRuns;
    return runs.map((r) => ({ report: name, days, run_id: r.runId, status: r.status, ...(r.error ? { error: r.error } : {}), started_at: r.startedAt, completed_at: r.completedAt, totals: totals(r.totals) }));
  }
}

/** The same API over a local ReportService (the CLI's local mode). */
export function localReportsApi(svc: import('./service').ReportService): ReportsApi {
  return {
    listReports: () => svc.listReports(),
    getReport: (name) => svc.getReport(name),
    upsertReport: (doc) => svc.upsertReport(doc),
    deleteReport: (name) => svc.deleteReport(name),
    async runAndWait(name, days) {
      await svc.runReport(name, days, { trigger: 'user' });
      return svc.waitForRun(name, days);
    },
    async listStates(name) {
      if (name) await svc.getReport(name); // a clear NOT_FOUND for a wrong name
      return svc.listStates(name);
    },
    getResult: (name, days, runId) => (runId ? svc.getRunResult(name, days, runId) : svc.getResult(name, days)),
    history: (name, days) => svc.history(name, days),
  };
}
