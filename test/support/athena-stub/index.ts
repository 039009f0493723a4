// A local Athena for tests and benchmarks: see server.ts (protocol), executor.ts (real Trino), parquet.ts
// (Teleport's Athena Parquet layout from JSON-lines logs).
export { AthenaStub, type AthenaStubOptions, type ExecutionScript, type StubExecution } from './server';
export { TrinoAthenaExecutor, StubQueryError, type StubExecutor, type StubResult } from './executor';
export { writeAthenaParquet } from './parquet';
export { javaDouble } from './athena-text';
