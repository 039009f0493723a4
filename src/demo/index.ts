// Demo audit-log generator: public surface.
export { generateAuditLog, MIN_EVENTS, MAX_EVENTS, MAX_DAYS } from './generate';
export type { GenerateOptions, GenerateSummary } from './generate';
export { CLUSTER as DEMO_CLUSTER_NAME } from './cast';
export { PLANT_DAY_OFFSETS } from './plants';
