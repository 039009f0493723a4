// Security reports, the background scheduler and automated response actions: public surface.
export { createReportsRuntime, openReportStore, REPORTS_EXTENSION, type ReportsRuntime, type ReportsRuntimeOptions } from './runtime';
export { startGatewayReports, configuredReports, catalogSqlCheck } from './local';
export { parseReportsConfig, type ReportsConfig } from './config';
export { ReportService, parseDays } from './service';
export { ReportScheduler } from './scheduler';
export { loadBuiltinReports, parseReportDefinition, type ReportDefinition, type ReportQuery, type ChartHint } from './definitions';
export type { ReportState, ReportStatus } from './state';
export type { ReportResult, QueryResult, ReportRunSummary } from './results';
export { DetectionService } from './detections/service';
export { signPayload, verifySignature, SIGNATURE_HEADER, TIMESTAMP_HEADER } from './detections/signing';
export { ManualClock, systemClock, type Clock } from './clock';
