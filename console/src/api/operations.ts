// Every GraphQL operation the console sends. Types come from `npm run console:codegen` (console/src/gql).
import { graphql } from '../gql';

export const ViewerQuery = graphql(`
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
`);

export const AuditViewsQuery = graphql(`
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
`);

export const SavedQueriesQuery = graphql(`
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
`);

export const SaveQueryMutation = graphql(`
  mutation SaveQuery($input: AuditQueryInput!) {
    upsertAuditQuery(input: $input) {
      name
      title
      description
      query
    }
  }
`);

export const DeleteQueryMutation = graphql(`
  mutation DeleteQuery($name: String!) {
    deleteAuditQuery(name: $name)
  }
`);

export const RunQueryMutation = graphql(`
  mutation RunQuery($sql: String!, $days: Int!) {
    runQuery(sql: $sql, days: $days) {
      ...ExecutionFields
    }
  }
`);

export const ExecutionFieldsFragment = graphql(`
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
`);

export const QueryStatusSubscription = graphql(`
  subscription QueryStatus($id: ID!) {
    queryStatus(id: $id) {
      ...ExecutionFields
    }
  }
`);

export const CancelQueryMutation = graphql(`
  mutation CancelQuery($id: ID!) {
    cancelQuery(id: $id) {
      ...ExecutionFields
    }
  }
`);

export const QueryResultsQuery = graphql(`
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
`);

export const ReportsQuery = graphql(`
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
`);

export const ReportStateFieldsFragment = graphql(`
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
`);

export const ReportPageQuery = graphql(`
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
`);

export const ReportResultQuery = graphql(`
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
`);

export const RunReportMutation = graphql(`
  mutation RunReport($name: String!, $days: Int!) {
    runReport(name: $name, days: $days) {
      ...ReportStateFields
    }
  }
`);

export const ReportStateChangedSubscription = graphql(`
  subscription ReportStateChanged($name: String, $days: Int) {
    reportStateChanged(name: $name, days: $days) {
      ...ReportStateFields
    }
  }
`);

export const DetectionsQuery = graphql(`
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
`);

export const CreateDetectionMutation = graphql(`
  mutation CreateDetection($input: DetectionInput!) {
    createDetection(input: $input) {
      name
    }
  }
`);

export const DeleteDetectionMutation = graphql(`
  mutation DeleteDetection($name: String!) {
    deleteDetection(name: $name)
  }
`);

export const RunDetectionMutation = graphql(`
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
`);

export const ExampleQueriesQuery = graphql(`
  query ExampleQueries {
    exampleQueries {
      id
      kind
      title
      description
      sql
    }
  }
`);

export const InboxFindingFieldsFragment = graphql(`
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
`);

export const FindingsInboxQuery = graphql(`
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
`);

export const InboxRulesQuery = graphql(`
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
`);

export const FindingDetailFieldsFragment = graphql(`
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
`);

export const FindingQuery = graphql(`
  query Finding($id: ID!) {
    finding(id: $id) {
      ...FindingDetailFields
    }
  }
`);

export const TriageFindingMutation = graphql(`
  mutation TriageFinding($input: TriageFindingInput!) {
    triageFinding(input: $input) {
      ...FindingDetailFields
    }
  }
`);

export const EntityTimelineQuery = graphql(`
  query EntityTimeline($kind: EntityKind!, $value: String!, $from: String, $to: String, $first: Int!, $after: String) {
    entityTimeline(kind: $kind, value: $value, from: $from, to: $to, first: $first, after: $after) {
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
`);
