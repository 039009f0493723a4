// A local Athena for tests and benchmarks: see server.ts (protocol), executor.ts (DuckDB), parquet.ts
// (Teleport's Athena Parquet layout from JSON-lines logs).
export { AthenaStub, type AthenaStubOptions, type ExecutionScript, type StubExecution } from './server';
export { DuckDbAthenaExecutor, type StubResult } from './executor';
export { writeAthenaParquet } from './parquet';
export { javaDouble } from './athena-text';
