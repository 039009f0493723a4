/* eslint-disable */
import * as types from './graphql';



/**
 * Map of all GraphQL operations in the project.
 *
 * This map has several performance disadvantages:
 * 1. It is not tree-shakeable, so it will include all operations in the project.
 * 2. It is not minifiable, so the string of a GraphQL query will be multiple times inside the bundle.
 * 3. It does not support dead code elimination, so it will add unused operations.
 *
 * Therefore it is highly recommended to use the babel or swc plugin for production.
 * Learn more about it here: https://the-guild.dev/graphql/codegen/plugins/presets/preset-client#reducing-bundle-size
 */
type Documents = {
    "\n  query Viewer {\n    viewer {\n      user\n      roles\n      expiresAt\n      permissions {\n        resource\n        verbs\n      }\n    }\n  }\n": typeof types.ViewerDocument,
    "\n  query AuditViews {\n    auditViews {\n      name\n      description\n      columns {\n        name\n        type\n        description\n      }\n    }\n  }\n": typeof types.AuditViewsDocument,
    "\n  query SavedQueries($after: String) {\n    auditQueries(first: 100, after: $after) {\n      nodes {\n        name\n        title\n        description\n        query\n      }\n      pageInfo {\n        hasNextPage\n        endCursor\n      }\n    }\n  }\n": typeof types.SavedQueriesDocument,
    "\n  mutation SaveQuery($input: AuditQueryInput!) {\n    upsertAuditQuery(input: $input) {\n      name\n      title\n      description\n      query\n    }\n  }\n": typeof types.SaveQueryDocument,
    "\n  mutation DeleteQuery($name: String!) {\n    deleteAuditQuery(name: $name)\n  }\n": typeof types.DeleteQueryDocument,
    "\n  mutation RunQuery($sql: String!, $days: Int!) {\n    runQuery(sql: $sql, days: $days) {\n      ...ExecutionFields\n    }\n  }\n": typeof types.RunQueryDocument,
    "\n  fragment ExecutionFields on QueryExecution {\n    id\n    state\n    sql\n    days\n    submittedAt\n    startedAt\n    completedAt\n    executionMs\n    rowCount\n    bytesScanned\n    queuePosition\n    lane\n    error {\n      code\n      message\n    }\n  }\n": typeof types.ExecutionFieldsFragmentDoc,
    "\n  subscription QueryStatus($id: ID!) {\n    queryStatus(id: $id) {\n      ...ExecutionFields\n    }\n  }\n": typeof types.QueryStatusDocument,
    "\n  mutation CancelQuery($id: ID!) {\n    cancelQuery(id: $id) {\n      ...ExecutionFields\n    }\n  }\n": typeof types.CancelQueryDocument,
    "\n  query QueryResults($id: ID!, $first: Int!, $after: String) {\n    queryResults(id: $id, first: $first, after: $after) {\n      columns {\n        name\n        type\n      }\n      rows {\n        data\n      }\n      pageInfo {\n        hasNextPage\n        endCursor\n      }\n    }\n  }\n": typeof types.QueryResultsDocument,
    "\n  query Reports {\n    reports {\n      name\n      title\n      description\n      version\n      auditQueries {\n        name\n      }\n    }\n    reportStates {\n      ...ReportStateFields\n    }\n  }\n": typeof types.ReportsDocument,
    "\n  fragment ReportStateFields on ReportState {\n    name\n    report\n    days\n    status\n    runId\n    startedAt\n    completedAt\n    updatedAt\n    error\n    trigger\n    triggeredBy\n  }\n": typeof types.ReportStateFieldsFragmentDoc,
    "\n  query ReportPage($name: String!, $days: Int!) {\n    report(name: $name) {\n      name\n      title\n      description\n      version\n    }\n    reportState(name: $name, days: $days) {\n      ...ReportStateFields\n    }\n    reportRuns(name: $name, days: $days) {\n      runId\n      status\n      startedAt\n      completedAt\n      error\n      totals {\n        queries\n        succeeded\n        failed\n        rows\n        executionMs\n        bytesScanned\n      }\n    }\n  }\n": typeof types.ReportPageDocument,
    "\n  query ReportResult($name: String!, $days: Int!, $runId: String) {\n    reportResult(name: $name, days: $days, runId: $runId) {\n      runId\n      status\n      startedAt\n      completedAt\n      error\n      queries {\n        name\n        title\n        description\n        suggestion\n        query\n        status\n        error\n        rowCount\n        truncated\n        executionMs\n        bytesScanned\n        chart {\n          type\n          x\n          y\n          series\n        }\n        columns {\n          name\n          type\n        }\n        rows {\n          data\n        }\n        series {\n          name\n          points {\n            x\n            y\n          }\n        }\n      }\n    }\n  }\n": typeof types.ReportResultDocument,
    "\n  mutation RunReport($name: String!, $days: Int!) {\n    runReport(name: $name, days: $days) {\n      ...ReportStateFields\n    }\n  }\n": typeof types.RunReportDocument,
    "\n  subscription ReportStateChanged($name: String, $days: Int) {\n    reportStateChanged(name: $name, days: $days) {\n      ...ReportStateFields\n    }\n  }\n": typeof types.ReportStateChangedDocument,
    "\n  query Detections {\n    detections {\n      name\n      description\n      query\n      days\n      intervalSeconds\n      dedupeWindowSeconds\n      enabled\n      createdAt\n      createdBy\n      lastRunAt\n      lastStatus\n      lastFiredAt\n      lastError\n      condition {\n        kind\n        column\n        op\n        value\n      }\n      actions {\n        type\n        url\n      }\n      deliveries {\n        id\n        action\n        type\n        target\n        ok\n        findingHash\n        attempts {\n          at\n          status\n          error\n        }\n      }\n    }\n  }\n": typeof types.DetectionsDocument,
    "\n  mutation CreateDetection($input: DetectionInput!) {\n    createDetection(input: $input) {\n      name\n    }\n  }\n": typeof types.CreateDetectionDocument,
    "\n  mutation DeleteDetection($name: String!) {\n    deleteDetection(name: $name)\n  }\n": typeof types.DeleteDetectionDocument,
    "\n  mutation RunDetection($name: String!) {\n    runDetection(name: $name) {\n      detection\n      status\n      rowCount\n      error\n      deliveries {\n        id\n        ok\n        target\n      }\n    }\n  }\n": typeof types.RunDetectionDocument,
    "\n  query ExampleQueries {\n    exampleQueries {\n      id\n      kind\n      title\n      description\n      sql\n    }\n  }\n": typeof types.ExampleQueriesDocument,
    "\n  fragment InboxFindingFields on InboxFinding {\n    id\n    rule\n    status\n    assignee\n    count\n    entities {\n      kind\n      value\n      field\n    }\n    finding {\n      title\n      severity\n      status\n      firstSeen\n      lastSeen\n      resolvedAt\n      fields\n      source {\n        days\n      }\n    }\n  }\n": typeof types.InboxFindingFieldsFragmentDoc,
    "\n  query FindingsInbox($filter: InboxFilterInput, $first: Int!, $after: String) {\n    findingsInbox(filter: $filter, first: $first, after: $after) {\n      totalCount\n      nodes {\n        ...InboxFindingFields\n      }\n      pageInfo {\n        hasNextPage\n        endCursor\n      }\n    }\n  }\n": typeof types.FindingsInboxDocument,
    "\n  query InboxRules($after: String) {\n    findingsInbox(first: 500, after: $after) {\n      nodes {\n        rule\n      }\n      pageInfo {\n        hasNextPage\n        endCursor\n      }\n    }\n  }\n": typeof types.InboxRulesDocument,
    "\n  fragment FindingDetailFields on InboxFinding {\n    ...InboxFindingFields\n    finding {\n      description\n      suggestion\n      key\n      fields\n      columns {\n        name\n        type\n      }\n      source {\n        kind\n        name\n      }\n      triage {\n        version\n      }\n    }\n    history {\n      from\n      status\n      assignee\n      by\n      at\n      comment\n      version\n    }\n  }\n": typeof types.FindingDetailFieldsFragmentDoc,
    "\n  query Finding($id: ID!) {\n    finding(id: $id) {\n      ...FindingDetailFields\n    }\n  }\n": typeof types.FindingDocument,
    "\n  mutation TriageFinding($input: TriageFindingInput!) {\n    triageFinding(input: $input) {\n      ...FindingDetailFields\n    }\n  }\n": typeof types.TriageFindingDocument,
    "\n  query EntityTimeline($kind: EntityKind!, $value: String!, $from: String, $to: String, $first: Int!, $after: String) {\n    entityTimeline(kind: $kind, value: $value, from: $from, to: $to, first: $first, after: $after) {\n      kind\n      value\n      from\n      to\n      days\n      events {\n        time\n        type\n        uid\n        sessionId\n        user\n        summary\n        cursor\n        raw\n      }\n      pageInfo {\n        hasNextPage\n        endCursor\n      }\n      histogram {\n        bucket\n        unit\n        events\n      }\n      ips {\n        value\n        events\n      }\n      hosts {\n        value\n        events\n      }\n      logins {\n        value\n        events\n      }\n      roles {\n        value\n        events\n      }\n    }\n  }\n": typeof types.EntityTimelineDocument,
};
const documents: Documents = {
    "\n  query Viewer {\n    viewer {\n      user\n      roles\n      expiresAt\n      permissions {\n        resource\n        verbs\n      }\n    }\n  }\n": types.ViewerDocument,
    "\n  query AuditViews {\n    auditViews {\n      name\n      description\n      columns {\n        name\n        type\n        description\n      }\n    }\n  }\n": types.AuditViewsDocument,
    "\n  query SavedQueries($after: String) {\n    auditQueries(first: 100, after: $after) {\n      nodes {\n        name\n        title\n        description\n        query\n      }\n      pageInfo {\n        hasNextPage\n        endCursor\n      }\n    }\n  }\n": types.SavedQueriesDocument,
    "\n  mutation SaveQuery($input: AuditQueryInput!) {\n    upsertAuditQuery(input: $input) {\n      name\n      title\n      description\n      query\n    }\n  }\n": types.SaveQueryDocument,
    "\n  mutation DeleteQuery($name: String!) {\n    deleteAuditQuery(name: $name)\n  }\n": types.DeleteQueryDocument,
    "\n  mutation RunQuery($sql: String!, $days: Int!) {\n    runQuery(sql: $sql, days: $days) {\n      ...ExecutionFields\n    }\n  }\n": types.RunQueryDocument,
    "\n  fragment ExecutionFields on QueryExecution {\n    id\n    state\n    sql\n    days\n    submittedAt\n    startedAt\n    completedAt\n    executionMs\n    rowCount\n    bytesScanned\n    queuePosition\n    lane\n    error {\n      code\n      message\n    }\n  }\n": types.ExecutionFieldsFragmentDoc,
    "\n  subscription QueryStatus($id: ID!) {\n    queryStatus(id: $id) {\n      ...ExecutionFields\n    }\n  }\n": types.QueryStatusDocument,
    "\n  mutation CancelQuery($id: ID!) {\n    cancelQuery(id: $id) {\n      ...ExecutionFields\n    }\n  }\n": types.CancelQueryDocument,
    "\n  query QueryResults($id: ID!, $first: Int!, $after: String) {\n    queryResults(id: $id, first: $first, after: $after) {\n      columns {\n        name\n        type\n      }\n      rows {\n        data\n      }\n      pageInfo {\n        hasNextPage\n        endCursor\n      }\n    }\n  }\n": types.QueryResultsDocument,
    "\n  query Reports {\n    reports {\n      name\n      title\n      description\n      version\n      auditQueries {\n        name\n      }\n    }\n    reportStates {\n      ...ReportStateFields\n    }\n  }\n": types.ReportsDocument,
    "\n  fragment ReportStateFields on ReportState {\n    name\n    report\n    days\n    status\n    runId\n    startedAt\n    completedAt\n    updatedAt\n    error\n    trigger\n    triggeredBy\n  }\n": types.ReportStateFieldsFragmentDoc,
    "\n  query ReportPage($name: String!, $days: Int!) {\n    report(name: $name) {\n      name\n      title\n      description\n      version\n    }\n    reportState(name: $name, days: $days) {\n      ...ReportStateFields\n    }\n    reportRuns(name: $name, days: $days) {\n      runId\n      status\n      startedAt\n      completedAt\n      error\n      totals {\n        queries\n        succeeded\n        failed\n        rows\n        executionMs\n        bytesScanned\n      }\n    }\n  }\n": types.ReportPageDocument,
    "\n  query ReportResult($name: String!, $days: Int!, $runId: String) {\n    reportResult(name: $name, days: $days, runId: $runId) {\n      runId\n      status\n      startedAt\n      completedAt\n      error\n      queries {\n        name\n        title\n        description\n        suggestion\n        query\n        status\n        error\n        rowCount\n        truncated\n        executionMs\n        bytesScanned\n        chart {\n          type\n          x\n          y\n          series\n        }\n        columns {\n          name\n          type\n        }\n        rows {\n          data\n        }\n        series {\n          name\n          points {\n            x\n            y\n          }\n        }\n      }\n    }\n  }\n": types.ReportResultDocument,
    "\n  mutation RunReport($name: String!, $days: Int!) {\n    runReport(name: $name, days: $days) {\n      ...ReportStateFields\n    }\n  }\n": types.RunReportDocument,
    "\n  subscription ReportStateChanged($name: String, $days: Int) {\n    reportStateChanged(name: $name, days: $days) {\n      ...ReportStateFields\n    }\n  }\n": types.ReportStateChangedDocument,
    "\n  query Detections {\n    detections {\n      name\n      description\n      query\n      days\n      intervalSeconds\n      dedupeWindowSeconds\n      enabled\n      createdAt\n      createdBy\n      lastRunAt\n      lastStatus\n      lastFiredAt\n      lastError\n      condition {\n        kind\n        column\n        op\n        value\n      }\n      actions {\n        type\n        url\n      }\n      deliveries {\n        id\n        action\n        type\n        target\n        ok\n        findingHash\n        attempts {\n          at\n          status\n          error\n        }\n      }\n    }\n  }\n": types.DetectionsDocument,
    "\n  mutation CreateDetection($input: DetectionInput!) {\n    createDetection(input: $input) {\n      name\n    }\n  }\n": types.CreateDetectionDocument,
    "\n  mutation DeleteDetection($name: String!) {\n    deleteDetection(name: $name)\n  }\n": types.DeleteDetectionDocument,
    "\n  mutation RunDetection($name: String!) {\n    runDetection(name: $name) {\n      detection\n      status\n      rowCount\n      error\n      deliveries {\n        id\n        ok\n        target\n      }\n    }\n  }\n": types.RunDetectionDocument,
    "\n  query ExampleQueries {\n    exampleQueries {\n      id\n      kind\n      title\n      description\n      sql\n    }\n  }\n": types.ExampleQueriesDocument,
    "\n  fragment InboxFindingFields on InboxFinding {\n    id\n    rule\n    status\n    assignee\n    count\n    entities {\n      kind\n      value\n      field\n    }\n    finding {\n      title\n      severity\n      status\n      firstSeen\n      lastSeen\n      resolvedAt\n      fields\n      source {\n        days\n      }\n    }\n  }\n": types.InboxFindingFieldsFragmentDoc,
    "\n  query FindingsInbox($filter: InboxFilterInput, $first: Int!, $after: String) {\n    findingsInbox(filter: $filter, first: $first, after: $after) {\n      totalCount\n      nodes {\n        ...InboxFindingFields\n      }\n      pageInfo {\n        hasNextPage\n        endCursor\n      }\n    }\n  }\n": types.FindingsInboxDocument,
    "\n  query InboxRules($after: String) {\n    findingsInbox(first: 500, after: $after) {\n      nodes {\n        rule\n      }\n      pageInfo {\n        hasNextPage\n        endCursor\n      }\n    }\n  }\n": types.InboxRulesDocument,
    "\n  fragment FindingDetailFields on InboxFinding {\n    ...InboxFindingFields\n    finding {\n      description\n      suggestion\n      key\n      fields\n      columns {\n        name\n        type\n      }\n      source {\n        kind\n        name\n      }\n      triage {\n        version\n      }\n    }\n    history {\n      from\n      status\n      assignee\n      by\n      at\n      comment\n      version\n    }\n  }\n": types.FindingDetailFieldsFragmentDoc,
    "\n  query Finding($id: ID!) {\n    finding(id: $id) {\n      ...FindingDetailFields\n    }\n  }\n": types.FindingDocument,
    "\n  mutation TriageFinding($input: TriageFindingInput!) {\n    triageFinding(input: $input) {\n      ...FindingDetailFields\n    }\n  }\n": types.TriageFindingDocument,
    "\n  query EntityTimeline($kind: EntityKind!, $value: String!, $from: String, $to: String, $first: Int!, $after: String) {\n    entityTimeline(kind: $kind, value: $value, from: $from, to: $to, first: $first, after: $after) {\n      kind\n      value\n      from\n      to\n      days\n      events {\n        time\n        type\n        uid\n        sessionId\n        user\n        summary\n        cursor\n        raw\n      }\n      pageInfo {\n        hasNextPage\n        endCursor\n      }\n      histogram {\n        bucket\n        unit\n        events\n      }\n      ips {\n        value\n        events\n      }\n      hosts {\n        value\n        events\n      }\n      logins {\n        value\n        events\n      }\n      roles {\n        value\n        events\n      }\n    }\n  }\n": types.EntityTimelineDocument,
};

/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query Viewer {\n    viewer {\n      user\n      roles\n      expiresAt\n      permissions {\n        resource\n        verbs\n      }\n    }\n  }\n"): typeof import('./graphql').ViewerDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query AuditViews {\n    auditViews {\n      name\n      description\n      columns {\n        name\n        type\n        description\n      }\n    }\n  }\n"): typeof import('./graphql').AuditViewsDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query SavedQueries($after: String) {\n    auditQueries(first: 100, after: $after) {\n      nodes {\n        name\n        title\n        description\n        query\n      }\n      pageInfo {\n        hasNextPage\n        endCursor\n      }\n    }\n  }\n"): typeof import('./graphql').SavedQueriesDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation SaveQuery($input: AuditQueryInput!) {\n    upsertAuditQuery(input: $input) {\n      name\n      title\n      description\n      query\n    }\n  }\n"): typeof import('./graphql').SaveQueryDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation DeleteQuery($name: String!) {\n    deleteAuditQuery(name: $name)\n  }\n"): typeof import('./graphql').DeleteQueryDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation RunQuery($sql: String!, $days: Int!) {\n    runQuery(sql: $sql, days: $days) {\n      ...ExecutionFields\n    }\n  }\n"): typeof import('./graphql').RunQueryDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  fragment ExecutionFields on QueryExecution {\n    id\n    state\n    sql\n    days\n    submittedAt\n    startedAt\n    completedAt\n    executionMs\n    rowCount\n    bytesScanned\n    queuePosition\n    lane\n    error {\n      code\n      message\n    }\n  }\n"): typeof import('./graphql').ExecutionFieldsFragmentDoc;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  subscription QueryStatus($id: ID!) {\n    queryStatus(id: $id) {\n      ...ExecutionFields\n    }\n  }\n"): typeof import('./graphql').QueryStatusDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation CancelQuery($id: ID!) {\n    cancelQuery(id: $id) {\n      ...ExecutionFields\n    }\n  }\n"): typeof import('./graphql').CancelQueryDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query QueryResults($id: ID!, $first: Int!, $after: String) {\n    queryResults(id: $id, first: $first, after: $after) {\n      columns {\n        name\n        type\n      }\n      rows {\n        data\n      }\n      pageInfo {\n        hasNextPage\n        endCursor\n      }\n    }\n  }\n"): typeof import('./graphql').QueryResultsDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query Reports {\n    reports {\n      name\n      title\n      description\n      version\n      auditQueries {\n        name\n      }\n    }\n    reportStates {\n      ...ReportStateFields\n    }\n  }\n"): typeof import('./graphql').ReportsDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  fragment ReportStateFields on ReportState {\n    name\n    report\n    days\n    status\n    runId\n    startedAt\n    completedAt\n    updatedAt\n    error\n    trigger\n    triggeredBy\n  }\n"): typeof import('./graphql').ReportStateFieldsFragmentDoc;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query ReportPage($name: String!, $days: Int!) {\n    report(name: $name) {\n      name\n      title\n      description\n      version\n    }\n    reportState(name: $name, days: $days) {\n      ...ReportStateFields\n    }\n    reportRuns(name: $name, days: $days) {\n      runId\n      status\n      startedAt\n      completedAt\n      error\n      totals {\n        queries\n        succeeded\n        failed\n        rows\n        executionMs\n        bytesScanned\n      }\n    }\n  }\n"): typeof import('./graphql').ReportPageDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query ReportResult($name: String!, $days: Int!, $runId: String) {\n    reportResult(name: $name, days: $days, runId: $runId) {\n      runId\n      status\n      startedAt\n      completedAt\n      error\n      queries {\n        name\n        title\n        description\n        suggestion\n        query\n        status\n        error\n        rowCount\n        truncated\n        executionMs\n        bytesScanned\n        chart {\n          type\n          x\n          y\n          series\n        }\n        columns {\n          name\n          type\n        }\n        rows {\n          data\n        }\n        series {\n          name\n          points {\n            x\n            y\n          }\n        }\n      }\n    }\n  }\n"): typeof import('./graphql').ReportResultDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation RunReport($name: String!, $days: Int!) {\n    runReport(name: $name, days: $days) {\n      ...ReportStateFields\n    }\n  }\n"): typeof import('./graphql').RunReportDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  subscription ReportStateChanged($name: String, $days: Int) {\n    reportStateChanged(name: $name, days: $days) {\n      ...ReportStateFields\n    }\n  }\n"): typeof import('./graphql').ReportStateChangedDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query Detections {\n    detections {\n      name\n      description\n      query\n      days\n      intervalSeconds\n      dedupeWindowSeconds\n      enabled\n      createdAt\n      createdBy\n      lastRunAt\n      lastStatus\n      lastFiredAt\n      lastError\n      condition {\n        kind\n        column\n        op\n        value\n      }\n      actions {\n        type\n        url\n      }\n      deliveries {\n        id\n        action\n        type\n        target\n        ok\n        findingHash\n        attempts {\n          at\n          status\n          error\n        }\n      }\n    }\n  }\n"): typeof import('./graphql').DetectionsDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation CreateDetection($input: DetectionInput!) {\n    createDetection(input: $input) {\n      name\n    }\n  }\n"): typeof import('./graphql').CreateDetectionDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation DeleteDetection($name: String!) {\n    deleteDetection(name: $name)\n  }\n"): typeof import('./graphql').DeleteDetectionDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation RunDetection($name: String!) {\n    runDetection(name: $name) {\n      detection\n      status\n      rowCount\n      error\n      deliveries {\n        id\n        ok\n        target\n      }\n    }\n  }\n"): typeof import('./graphql').RunDetectionDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query ExampleQueries {\n    exampleQueries {\n      id\n      kind\n      title\n      description\n      sql\n    }\n  }\n"): typeof import('./graphql').ExampleQueriesDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  fragment InboxFindingFields on InboxFinding {\n    id\n    rule\n    status\n    assignee\n    count\n    entities {\n      kind\n      value\n      field\n    }\n    finding {\n      title\n      severity\n      status\n      firstSeen\n      lastSeen\n      resolvedAt\n      fields\n      source {\n        days\n      }\n    }\n  }\n"): typeof import('./graphql').InboxFindingFieldsFragmentDoc;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query FindingsInbox($filter: InboxFilterInput, $first: Int!, $after: String) {\n    findingsInbox(filter: $filter, first: $first, after: $after) {\n      totalCount\n      nodes {\n        ...InboxFindingFields\n      }\n      pageInfo {\n        hasNextPage\n        endCursor\n      }\n    }\n  }\n"): typeof import('./graphql').FindingsInboxDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query InboxRules($after: String) {\n    findingsInbox(first: 500, after: $after) {\n      nodes {\n        rule\n      }\n      pageInfo {\n        hasNextPage\n        endCursor\n      }\n    }\n  }\n"): typeof import('./graphql').InboxRulesDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  fragment FindingDetailFields on InboxFinding {\n    ...InboxFindingFields\n    finding {\n      description\n      suggestion\n      key\n      fields\n      columns {\n        name\n        type\n      }\n      source {\n        kind\n        name\n      }\n      triage {\n        version\n      }\n    }\n    history {\n      from\n      status\n      assignee\n      by\n      at\n      comment\n      version\n    }\n  }\n"): typeof import('./graphql').FindingDetailFieldsFragmentDoc;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query Finding($id: ID!) {\n    finding(id: $id) {\n      ...FindingDetailFields\n    }\n  }\n"): typeof import('./graphql').FindingDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation TriageFinding($input: TriageFindingInput!) {\n    triageFinding(input: $input) {\n      ...FindingDetailFields\n    }\n  }\n"): typeof import('./graphql').TriageFindingDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query EntityTimeline($kind: EntityKind!, $value: String!, $from: String, $to: String, $first: Int!, $after: String) {\n    entityTimeline(kind: $kind, value: $value, from: $from, to: $to, first: $first, after: $after) {\n      kind\n      value\n      from\n      to\n      days\n      events {\n        time\n        type\n        uid\n        sessionId\n        user\n        summary\n        cursor\n        raw\n      }\n      pageInfo {\n        hasNextPage\n        endCursor\n      }\n      histogram {\n        bucket\n        unit\n        events\n      }\n      ips {\n        value\n        events\n      }\n      hosts {\n        value\n        events\n      }\n      logins {\n        value\n        events\n      }\n      roles {\n        value\n        events\n      }\n    }\n  }\n"): typeof import('./graphql').EntityTimelineDocument;


export function graphql(source: string) {
  return (documents as any)[source] ?? {};
}
