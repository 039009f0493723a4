/* eslint-disable */
/** Internal type. DO NOT USE DIRECTLY. */
type Exact<T extends { [key: string]: unknown }> = { [K in keyof T]: T[K] };
/** Internal type. DO NOT USE DIRECTLY. */
export type Incremental<T> = T | { [P in keyof T]?: P extends ' $fragmentName' | '__typename' ? T[P] : never };
import type { DocumentTypeDecoration } from '@graphql-typed-document-node/core';
/** A saved query to create or replace. */
export type AuditQueryInput = {
  description?: string | null | undefined;
  name: string;
  query: string;
  title?: string | null | undefined;
};

export type DetectionActionInput = {
  /** webhook: HMAC-SHA256 key (16+ characters) for X-Amctl-Signature. */
  secret?: string | null | undefined;
  type: string;
  url: string;
};

export type DetectionConditionInput = {
  column?: string | null | undefined;
  kind?: string;
  op?: string;
  value?: unknown;
};

/** A detection to create or replace. */
export type DetectionInput = {
  actions: Array<DetectionActionInput>;
  condition?: DetectionConditionInput | null | undefined;
  days?: number;
  dedupeWindowSeconds?: number;
  description?: string | null | undefined;
  enabled?: boolean;
  intervalSeconds?: number;
  name: string;
  query: string;
};

/** What the investigated value is: a Teleport user, a host name, an IP address or a session id. */
export type EntityKind =
  | 'host'
  | 'ip'
  | 'session'
  | 'user';

/** Severity from the report query or detection definition. */
export type FindingSeverity =
  | 'critical'
  | 'high'
  | 'info'
  | 'low'
  | 'medium';

/** ACTIVE while runs keep finding it; RESOLVED once a successful run no longer does. */
export type FindingStatus =
  | 'ACTIVE'
  | 'RESOLVED';

/** Which findings the inbox shows; every given condition must hold. */
export type InboxFilterInput = {
  /** Only findings the runs still find (default: all). */
  activeOnly?: boolean | null | undefined;
  /** A user, host, IP or session id the finding names (exact, any case). */
  entity?: string | null | undefined;
  /** At least this severity. */
  minSeverity?: FindingSeverity | null | undefined;
  /** Rules: <report>.<query>, a report, a query or a detection name. */
  rules?: Array<string> | null | undefined;
  /** Any of these severities. */
  severities?: Array<FindingSeverity> | null | undefined;
  /** Any of these triage statuses. */
  statuses?: Array<TriageStatus> | null | undefined;
};

/** Lifecycle of a query execution. */
export type QueryState =
  | 'CANCELLED'
  | 'FAILED'
  | 'QUEUED'
  | 'RUNNING'
  | 'SUCCEEDED';

/** State of a report run. */
export type ReportStatus =
  | 'FAILED'
  | 'READY'
  | 'RUNNING';

/** One triage change: the new status, optionally an assignee, and why. */
export type TriageFindingInput = {
  /** Absent keeps the assignee; empty clears it. */
  assignee?: string | null | undefined;
  /** Why (kept in the history and sent in the feed). */
  comment: string;
  /** Fail unless the triage is at this version (the finding's triage.version, 0 if none): no lost updates. */
  expectedVersion?: number | null | undefined;
  id: string | number;
  status: TriageStatus;
};

/** Where a person has taken the finding: open -> acknowledged -> resolved or false_positive (and back to open). */
export type TriageStatus =
  | 'acknowledged'
  | 'false_positive'
  | 'open'
  | 'resolved';

export type ViewerQueryVariables = Exact<{ [key: string]: never; }>;


export type ViewerQuery = { viewer: { user: string, roles: Array<string>, expiresAt: string | null, permissions: Array<{ resource: string, verbs: Array<string> }> } };

export type AuditViewsQueryVariables = Exact<{ [key: string]: never; }>;


export type AuditViewsQuery = { auditViews: Array<{ name: string, description: string, columns: Array<{ name: string, type: string, description: string }> }> };

export type SavedQueriesQueryVariables = Exact<{
  after?: string | null | undefined;
}>;


export type SavedQueriesQuery = { auditQueries: { nodes: Array<{ name: string, title: string, description: string, query: string }>, pageInfo: { hasNextPage: boolean, endCursor: string | null } } };

export type SaveQueryMutationVariables = Exact<{
  input: AuditQueryInput;
}>;


export type SaveQueryMutation = { upsertAuditQuery: { name: string, title: string, description: string, query: string } };

export type DeleteQueryMutationVariables = Exact<{
  name: string;
}>;


export type DeleteQueryMutation = { deleteAuditQuery: boolean };

export type RunQueryMutationVariables = Exact<{
  sql: string;
  days: number;
}>;


export type RunQueryMutation = { runQuery: { id: string, state: QueryState, sql: string, days: number, submittedAt: string, startedAt: string | null, completedAt: string | null, executionMs: number | null, rowCount: number | null, bytesScanned: number | null, queuePosition: number | null, lane: string | null, error: { code: string, message: string } | null } };

export type ExecutionFieldsFragment = { id: string, state: QueryState, sql: string, days: number, submittedAt: string, startedAt: string | null, completedAt: string | null, executionMs: number | null, rowCount: number | null, bytesScanned: number | null, queuePosition: number | null, lane: string | null, error: { code: string, message: string } | null };

export type QueryStatusSubscriptionVariables = Exact<{
  id: string | number;
}>;


export type QueryStatusSubscription = { queryStatus: { id: string, state: QueryState, sql: string, days: number, submittedAt: string, startedAt: string | null, completedAt: string | null, executionMs: number | null, rowCount: number | null, bytesScanned: number | null, queuePosition: number | null, lane: string | null, error: { code: string, message: string } | null } };

export type CancelQueryMutationVariables = Exact<{
  id: string | number;
}>;


export type CancelQueryMutation = { cancelQuery: { id: string, state: QueryState, sql: string, days: number, submittedAt: string, startedAt: string | null, completedAt: string | null, executionMs: number | null, rowCount: number | null, bytesScanned: number | null, queuePosition: number | null, lane: string | null, error: { code: string, message: string } | null } };

export type QueryResultsQueryVariables = Exact<{
  id: string | number;
  first: number;
  after?: string | null | undefined;
}>;


export type QueryResultsQuery = { queryResults: { columns: Array<{ name: string, type: string }>, rows: Array<{ data: Array<unknown> }>, pageInfo: { hasNextPage: boolean, endCursor: string | null } } };

export type ReportsQueryVariables = Exact<{ [key: string]: never; }>;


export type ReportsQuery = { reports: Array<{ name: string, title: string, description: string, version: string, auditQueries: Array<{ name: string }> }>, reportStates: Array<{ name: string, report: string, days: number, status: ReportStatus, runId: string, startedAt: string, completedAt: string | null, updatedAt: string, error: string | null, trigger: string | null, triggeredBy: string | null }> };

export type ReportStateFieldsFragment = { name: string, report: string, days: number, status: ReportStatus, runId: string, startedAt: string, completedAt: string | null, updatedAt: string, error: string | null, trigger: string | null, triggeredBy: string | null };

export type ReportPageQueryVariables = Exact<{
  name: string;
  days: number;
}>;


export type ReportPageQuery = { report: { name: string, title: string, description: string, version: string }, reportState: { name: string, report: string, days: number, status: ReportStatus, runId: string, startedAt: string, completedAt: string | null, updatedAt: string, error: string | null, trigger: string | null, triggeredBy: string | null } | null, reportRuns: Array<{ runId: string, status: ReportStatus, startedAt: string, completedAt: string, error: string | null, totals: { queries: number, succeeded: number, failed: number, rows: number, executionMs: number, bytesScanned: number } }> };

export type ReportResultQueryVariables = Exact<{
  name: string;
  days: number;
  runId?: string | null | undefined;
}>;


export type ReportResultQuery = { reportResult: { runId: string, status: ReportStatus, startedAt: string, completedAt: string, error: string | null, queries: Array<{ name: string, title: string, description: string, suggestion: string, query: string, status: string, error: string | null, rowCount: number, truncated: boolean, executionMs: number, bytesScanned: number, chart: { type: string, x: string | null, y: string | null, series: string | null } | null, columns: Array<{ name: string, type: string }>, rows: Array<{ data: Array<unknown> }>, series: Array<{ name: string, points: Array<{ x: string, y: number }> }> }> } | null };

export type RunReportMutationVariables = Exact<{
  name: string;
  days: number;
}>;


export type RunReportMutation = { runReport: { name: string, report: string, days: number, status: ReportStatus, runId: string, startedAt: string, completedAt: string | null, updatedAt: string, error: string | null, trigger: string | null, triggeredBy: string | null } };

export type ReportStateChangedSubscriptionVariables = Exact<{
  name?: string | null | undefined;
  days?: number | null | undefined;
}>;


export type ReportStateChangedSubscription = { reportStateChanged: { name: string, report: string, days: number, status: ReportStatus, runId: string, startedAt: string, completedAt: string | null, updatedAt: string, error: string | null, trigger: string | null, triggeredBy: string | null } };

export type DetectionsQueryVariables = Exact<{ [key: string]: never; }>;


export type DetectionsQuery = { detections: Array<{ name: string, description: string, query: string, days: number, intervalSeconds: number, dedupeWindowSeconds: number, enabled: boolean, createdAt: string | null, createdBy: string | null, lastRunAt: string | null, lastStatus: string | null, lastFiredAt: string | null, lastError: string | null, condition: { kind: string, column: string | null, op: string, value: unknown }, actions: Array<{ type: string, url: string }>, deliveries: Array<{ id: string, action: number, type: string, target: string, ok: boolean, findingHash: string, attempts: Array<{ at: string, status: number | null, error: string | null }> }> }> };

export type CreateDetectionMutationVariables = Exact<{
  input: DetectionInput;
}>;


export type CreateDetectionMutation = { createDetection: { name: string } };

export type DeleteDetectionMutationVariables = Exact<{
  name: string;
}>;


export type DeleteDetectionMutation = { deleteDetection: boolean };

export type RunDetectionMutationVariables = Exact<{
  name: string;
}>;


export type RunDetectionMutation = { runDetection: { detection: string, status: string, rowCount: number, error: string | null, deliveries: Array<{ id: string, ok: boolean, target: string }> } };

export type ExampleQueriesQueryVariables = Exact<{ [key: string]: never; }>;


export type ExampleQueriesQuery = { exampleQueries: Array<{ id: string, kind: string, title: string, description: string, sql: string }> };

export type InboxFindingFieldsFragment = { id: string, rule: string, status: TriageStatus, assignee: string | null, count: number, entities: Array<{ kind: string, value: string, field: string }>, finding: { title: string, severity: FindingSeverity, status: FindingStatus, firstSeen: string, lastSeen: string, resolvedAt: string | null, fields: unknown, source: { days: number } } };

export type FindingsInboxQueryVariables = Exact<{
  filter?: InboxFilterInput | null | undefined;
  first: number;
  after?: string | null | undefined;
}>;


export type FindingsInboxQuery = { findingsInbox: { totalCount: number, nodes: Array<{ id: string, rule: string, status: TriageStatus, assignee: string | null, count: number, entities: Array<{ kind: string, value: string, field: string }>, finding: { title: string, severity: FindingSeverity, status: FindingStatus, firstSeen: string, lastSeen: string, resolvedAt: string | null, fields: unknown, source: { days: number } } }>, pageInfo: { hasNextPage: boolean, endCursor: string | null } } };

export type InboxRulesQueryVariables = Exact<{
  after?: string | null | undefined;
}>;


export type InboxRulesQuery = { findingsInbox: { nodes: Array<{ rule: string }>, pageInfo: { hasNextPage: boolean, endCursor: string | null } } };

export type FindingDetailFieldsFragment = { id: string, rule: string, status: TriageStatus, assignee: string | null, count: number, finding: { description: string, suggestion: string, key: Array<string>, fields: unknown, title: string, severity: FindingSeverity, status: FindingStatus, firstSeen: string, lastSeen: string, resolvedAt: string | null, columns: Array<{ name: string, type: string }>, source: { kind: string, name: string, days: number }, triage: { version: number } | null }, history: Array<{ from: TriageStatus, status: TriageStatus, assignee: string | null, by: string, at: string, comment: string, version: number }>, entities: Array<{ kind: string, value: string, field: string }> };

export type FindingQueryVariables = Exact<{
  id: string | number;
}>;


export type FindingQuery = { finding: { id: string, rule: string, status: TriageStatus, assignee: string | null, count: number, finding: { description: string, suggestion: string, key: Array<string>, fields: unknown, title: string, severity: FindingSeverity, status: FindingStatus, firstSeen: string, lastSeen: string, resolvedAt: string | null, columns: Array<{ name: string, type: string }>, source: { kind: string, name: string, days: number }, triage: { version: number } | null }, history: Array<{ from: TriageStatus, status: TriageStatus, assignee: string | null, by: string, at: string, comment: string, version: number }>, entities: Array<{ kind: string, value: string, field: string }> } | null };

export type TriageFindingMutationVariables = Exact<{
  input: TriageFindingInput;
}>;


export type TriageFindingMutation = { triageFinding: { id: string, rule: string, status: TriageStatus, assignee: string | null, count: number, finding: { description: string, suggestion: string, key: Array<string>, fields: unknown, title: string, severity: FindingSeverity, status: FindingStatus, firstSeen: string, lastSeen: string, resolvedAt: string | null, columns: Array<{ name: string, type: string }>, source: { kind: string, name: string, days: number }, triage: { version: number } | null }, history: Array<{ from: TriageStatus, status: TriageStatus, assignee: string | null, by: string, at: string, comment: string, version: number }>, entities: Array<{ kind: string, value: string, field: string }> } };

export type EntityTimelineQueryVariables = Exact<{
  kind: EntityKind;
  value: string;
  from?: string | null | undefined;
  to?: string | null | undefined;
  first: number;
  after?: string | null | undefined;
}>;


export type EntityTimelineQuery = { entityTimeline: { kind: EntityKind, value: string, from: string, to: string, days: number, events: Array<{ time: string, type: string, uid: string, sessionId: string | null, user: string | null, summary: string, cursor: string, raw: unknown }>, pageInfo: { hasNextPage: boolean, endCursor: string | null }, histogram: Array<{ bucket: string, unit: string, events: number }>, ips: Array<{ value: string, events: number }>, hosts: Array<{ value: string, events: number }>, logins: Array<{ value: string, events: number }>, roles: Array<{ value: string, events: number }> } };

export class TypedDocumentString<TResult, TVariables>
  extends String
  implements DocumentTypeDecoration<TResult, TVariables>
{
  __apiType?: NonNullable<DocumentTypeDecoration<TResult, TVariables>['__apiType']>;
  private value: string;
  public __meta__?: Record<string, any> | undefined;

  constructor(value: string, __meta__?: Record<string, any> | undefined) {
    super(value);
    this.value = value;
    this.__meta__ = __meta__;
  }

  override toString(): string & DocumentTypeDecoration<TResult, TVariables> {
    return this.value;
  }
}
export const ExecutionFieldsFragmentDoc = new TypedDocumentString(`
    fragment ExecutionFields on QueryExecution {
  id
  state
  sql
  days
  submittedAt
  startedAt
  completedAt
  executionMs
  rowCount
  bytesScanned
  queuePosition
  lane
  error {
    code
    message
  }
}
    `, {"fragmentName":"ExecutionFields"}) as unknown as TypedDocumentString<ExecutionFieldsFragment, unknown>;
export const ReportStateFieldsFragmentDoc = new TypedDocumentString(`
    fragment ReportStateFields on ReportState {
  name
  report
  days
  status
  runId
  startedAt
  completedAt
  updatedAt
  error
  trigger
  triggeredBy
}
    `, {"fragmentName":"ReportStateFields"}) as unknown as TypedDocumentString<ReportStateFieldsFragment, unknown>;
export const InboxFindingFieldsFragmentDoc = new TypedDocumentString(`
    fragment InboxFindingFields on InboxFinding {
  id
  rule
  status
  assignee
  count
  entities {
    kind
    value
    field
  }
  finding {
    title
    severity
    status
    firstSeen
    lastSeen
    resolvedAt
    fields
    source {
      days
    }
  }
}
    `, {"fragmentName":"InboxFindingFields"}) as unknown as TypedDocumentString<InboxFindingFieldsFragment, unknown>;
export const FindingDetailFieldsFragmentDoc = new TypedDocumentString(`
    fragment FindingDetailFields on InboxFinding {
  ...InboxFindingFields
  finding {
    description
    suggestion
    key
    fields
    columns {
      name
      type
    }
    source {
      kind
      name
    }
    triage {
      version
    }
  }
  history {
    from
    status
    assignee
    by
    at
    comment
    version
  }
}
    fragment InboxFindingFields on InboxFinding {
  id
  rule
  status
  assignee
  count
  entities {
    kind
    value
    field
  }
  finding {
    title
    severity
    status
    firstSeen
    lastSeen
    resolvedAt
    fields
    source {
      days
    }
  }
}`, {"fragmentName":"FindingDetailFields"}) as unknown as TypedDocumentString<FindingDetailFieldsFragment, unknown>;
export const ViewerDocument = new TypedDocumentString(`
    query Viewer {
  viewer {
    user
    roles
    expiresAt
    permissions {
      resource
      verbs
    }
  }
}
    `) as unknown as TypedDocumentString<ViewerQuery, ViewerQueryVariables>;
export const AuditViewsDocument = new TypedDocumentString(`
    query AuditViews {
  auditViews {
    name
    description
    columns {
      name
      type
      description
    }
  }
}
    `) as unknown as TypedDocumentString<AuditViewsQuery, AuditViewsQueryVariables>;
export const SavedQueriesDocument = new TypedDocumentString(`
    query SavedQueries($after: String) {
  auditQueries(first: 100, after: $after) {
    nodes {
      name
      title
      description
      query
    }
    pageInfo {
      hasNextPage
      endCursor
    }
  }
}
    `) as unknown as TypedDocumentString<SavedQueriesQuery, SavedQueriesQueryVariables>;
export const SaveQueryDocument = new TypedDocumentString(`
    mutation SaveQuery($input: AuditQueryInput!) {
  upsertAuditQuery(input: $input) {
    name
    title
    description
    query
  }
}
    `) as unknown as TypedDocumentString<SaveQueryMutation, SaveQueryMutationVariables>;
export const DeleteQueryDocument = new TypedDocumentString(`
    mutation DeleteQuery($name: String!) {
  deleteAuditQuery(name: $name)
}
    `) as unknown as TypedDocumentString<DeleteQueryMutation, DeleteQueryMutationVariables>;
export const RunQueryDocument = new TypedDocumentString(`
    mutation RunQuery($sql: String!, $days: Int!) {
  runQuery(sql: $sql, days: $days) {
    ...ExecutionFields
  }
}
    fragment ExecutionFields on QueryExecution {
  id
  state
  sql
  days
  submittedAt
  startedAt
  completedAt
  executionMs
  rowCount
  bytesScanned
  queuePosition
  lane
  error {
    code
    message
  }
}`) as unknown as TypedDocumentString<RunQueryMutation, RunQueryMutationVariables>;
export const QueryStatusDocument = new TypedDocumentString(`
    subscription QueryStatus($id: ID!) {
  queryStatus(id: $id) {
    ...ExecutionFields
  }
}
    fragment ExecutionFields on QueryExecution {
  id
  state
  sql
  days
  submittedAt
  startedAt
  completedAt
  executionMs
  rowCount
  bytesScanned
  queuePosition
  lane
  error {
    code
    message
  }
}`) as unknown as TypedDocumentString<QueryStatusSubscription, QueryStatusSubscriptionVariables>;
export const CancelQueryDocument = new TypedDocumentString(`
    mutation CancelQuery($id: ID!) {
  cancelQuery(id: $id) {
    ...ExecutionFields
  }
}
    fragment ExecutionFields on QueryExecution {
  id
  state
  sql
  days
  submittedAt
  startedAt
  completedAt
  executionMs
  rowCount
  bytesScanned
  queuePosition
  lane
  error {
    code
    message
  }
}`) as unknown as TypedDocumentString<CancelQueryMutation, CancelQueryMutationVariables>;
export const QueryResultsDocument = new TypedDocumentString(`
    query QueryResults($id: ID!, $first: Int!, $after: String) {
  queryResults(id: $id, first: $first, after: $after) {
    columns {
      name
      type
    }
    rows {
      data
    }
    pageInfo {
      hasNextPage
      endCursor
    }
  }
}
    `) as unknown as TypedDocumentString<QueryResultsQuery, QueryResultsQueryVariables>;
export const ReportsDocument = new TypedDocumentString(`
    query Reports {
  reports {
    name
    title
    description
    version
    auditQueries {
      name
    }
  }
  reportStates {
    ...ReportStateFields
  }
}
    fragment ReportStateFields on ReportState {
  name
  report
  days
  status
  runId
  startedAt
  completedAt
  updatedAt
  error
  trigger
  triggeredBy
}`) as unknown as TypedDocumentString<ReportsQuery, ReportsQueryVariables>;
export const ReportPageDocument = new TypedDocumentString(`
    query ReportPage($name: String!, $days: Int!) {
  report(name: $name) {
    name
    title
    description
    version
  }
  reportState(name: $name, days: $days) {
    ...ReportStateFields
  }
  reportRuns(name: $name, days: $days) {
    runId
    status
    startedAt
    completedAt
    error
    totals {
      queries
      succeeded
      failed
      rows
      executionMs
      bytesScanned
    }
  }
}
    fragment ReportStateFields on ReportState {
  name
  report
  days
  status
  runId
  startedAt
  completedAt
  updatedAt
  error
  trigger
  triggeredBy
}`) as unknown as TypedDocumentString<ReportPageQuery, ReportPageQueryVariables>;
export const ReportResultDocument = new TypedDocumentString(`
    query ReportResult($name: String!, $days: Int!, $runId: String) {
  reportResult(name: $name, days: $days, runId: $runId) {
    runId
    status
    startedAt
    completedAt
    error
    queries {
      name
      title
      description
      suggestion
      query
      status
      error
      rowCount
      truncated
      executionMs
      bytesScanned
      chart {
        type
        x
        y
        series
      }
      columns {
        name
        type
      }
      rows {
        data
      }
      series {
        name
        points {
          x
          y
        }
      }
    }
  }
}
    `) as unknown as TypedDocumentString<ReportResultQuery, ReportResultQueryVariables>;
export const RunReportDocument = new TypedDocumentString(`
    mutation RunReport($name: String!, $days: Int!) {
  runReport(name: $name, days: $days) {
    ...ReportStateFields
  }
}
    fragment ReportStateFields on ReportState {
  name
  report
  days
  status
  runId
  startedAt
  completedAt
  updatedAt
  error
  trigger
  triggeredBy
}`) as unknown as TypedDocumentString<RunReportMutation, RunReportMutationVariables>;
export const ReportStateChangedDocument = new TypedDocumentString(`
    subscription ReportStateChanged($name: String, $days: Int) {
  reportStateChanged(name: $name, days: $days) {
    ...ReportStateFields
  }
}
    fragment ReportStateFields on ReportState {
  name
  report
  days
  status
  runId
  startedAt
  completedAt
  updatedAt
  error
  trigger
  triggeredBy
}`) as unknown as TypedDocumentString<ReportStateChangedSubscription, ReportStateChangedSubscriptionVariables>;
export const DetectionsDocument = new TypedDocumentString(`
    query Detections {
  detections {
    name
    description
    query
    days
    intervalSeconds
    dedupeWindowSeconds
    enabled
    createdAt
    createdBy
    lastRunAt
    lastStatus
    lastFiredAt
    lastError
    condition {
      kind
      column
      op
      value
    }
    actions {
      type
      url
    }
    deliveries {
      id
      action
      type
      target
      ok
      findingHash
      attempts {
        at
        status
        error
      }
    }
  }
}
    `) as unknown as TypedDocumentString<DetectionsQuery, DetectionsQueryVariables>;
export const CreateDetectionDocument = new TypedDocumentString(`
    mutation CreateDetection($input: DetectionInput!) {
  createDetection(input: $input) {
    name
  }
}
    `) as unknown as TypedDocumentString<CreateDetectionMutation, CreateDetectionMutationVariables>;
export const DeleteDetectionDocument = new TypedDocumentString(`
    mutation DeleteDetection($name: String!) {
  deleteDetection(name: $name)
}
    `) as unknown as TypedDocumentString<DeleteDetectionMutation, DeleteDetectionMutationVariables>;
export const RunDetectionDocument = new TypedDocumentString(`
    mutation RunDetection($name: String!) {
  runDetection(name: $name) {
    detection
    status
    rowCount
    error
    deliveries {
      id
      ok
      target
    }
  }
}
    `) as unknown as TypedDocumentString<RunDetectionMutation, RunDetectionMutationVariables>;
export const ExampleQueriesDocument = new TypedDocumentString(`
    query ExampleQueries {
  exampleQueries {
    id
    kind
    title
    description
    sql
  }
}
    `) as unknown as TypedDocumentString<ExampleQueriesQuery, ExampleQueriesQueryVariables>;
export const FindingsInboxDocument = new TypedDocumentString(`
    query FindingsInbox($filter: InboxFilterInput, $first: Int!, $after: String) {
  findingsInbox(filter: $filter, first: $first, after: $after) {
    totalCount
    nodes {
      ...InboxFindingFields
    }
    pageInfo {
      hasNextPage
      endCursor
    }
  }
}
    fragment InboxFindingFields on InboxFinding {
  id
  rule
  status
  assignee
  count
  entities {
    kind
    value
    field
  }
  finding {
    title
    severity
    status
    firstSeen
    lastSeen
    resolvedAt
    fields
    source {
      days
    }
  }
}`) as unknown as TypedDocumentString<FindingsInboxQuery, FindingsInboxQueryVariables>;
export const InboxRulesDocument = new TypedDocumentString(`
    query InboxRules($after: String) {
  findingsInbox(first: 500, after: $after) {
    nodes {
      rule
    }
    pageInfo {
      hasNextPage
      endCursor
    }
  }
}
    `) as unknown as TypedDocumentString<InboxRulesQuery, InboxRulesQueryVariables>;
export const FindingDocument = new TypedDocumentString(`
    query Finding($id: ID!) {
  finding(id: $id) {
    ...FindingDetailFields
  }
}
    fragment InboxFindingFields on InboxFinding {
  id
  rule
  status
  assignee
  count
  entities {
    kind
    value
    field
  }
  finding {
    title
    severity
    status
    firstSeen
    lastSeen
    resolvedAt
    fields
    source {
      days
    }
  }
}
fragment FindingDetailFields on InboxFinding {
  ...InboxFindingFields
  finding {
    description
    suggestion
    key
    fields
    columns {
      name
      type
    }
    source {
      kind
      name
    }
    triage {
      version
    }
  }
  history {
    from
    status
    assignee
    by
    at
    comment
    version
  }
}`) as unknown as TypedDocumentString<FindingQuery, FindingQueryVariables>;
export const TriageFindingDocument = new TypedDocumentString(`
    mutation TriageFinding($input: TriageFindingInput!) {
  triageFinding(input: $input) {
    ...FindingDetailFields
  }
}
    fragment InboxFindingFields on InboxFinding {
  id
  rule
  status
  assignee
  count
  entities {
    kind
    value
    field
  }
  finding {
    title
    severity
    status
    firstSeen
    lastSeen
    resolvedAt
    fields
    source {
      days
    }
  }
}
fragment FindingDetailFields on InboxFinding {
  ...InboxFindingFields
  finding {
    description
    suggestion
    key
    fields
    columns {
      name
      type
    }
    source {
      kind
      name
    }
    triage {
      version
    }
  }
  history {
    from
    status
    assignee
    by
    at
    comment
    version
  }
}`) as unknown as TypedDocumentString<TriageFindingMutation, TriageFindingMutationVariables>;
export const EntityTimelineDocument = new TypedDocumentString(`
    query EntityTimeline($kind: EntityKind!, $value: String!, $from: String, $to: String, $first: Int!, $after: String) {
  entityTimeline(
    kind: $kind
    value: $value
    from: $from
    to: $to
    first: $first
    after: $after
  ) {
    kind
    value
    from
    to
    days
    events {
      time
      type
      uid
      sessionId
      user
      summary
      cursor
      raw
    }
    pageInfo {
      hasNextPage
      endCursor
    }
    histogram {
      bucket
      unit
      events
    }
    ips {
      value
      events
    }
    hosts {
      value
      events
    }
    logins {
      value
      events
    }
    roles {
      value
      events
    }
  }
}
    `) as unknown as TypedDocumentString<EntityTimelineQuery, EntityTimelineQueryVariables>;