// A local Athena: the JSON 1.1 protocol the AWS SDK speaks (POST /, X-Amz-Target AmazonAthena.<Action>),
// for StartQueryExecution, GetQueryExecution, BatchGetQueryExecution, GetQueryResults (NextToken,
// header row first, MaxResults <= 1000) and StopQueryExecution. Queries run on real Trino (executor.ts);
// result CSVs are written to S3 (moto) at the OutputLocation, as Athena does. Tests script per-query
// QUEUED/RUNNING delays, failures and scanned bytes, throttle any action, and expire credentials.
import { randomUUID } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { HeadBucketCommand, PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { csvField, type AthenaColumn } from './athena-text';
import { StubQueryError, type StubExecutor, type StubResult } from './executor';

export interface ExecutionScript {
  /** Time spent QUEUED before RUNNING. */
  queuedMs?: number;
  /** Minimum time spent RUNNING (the SQL runs at its start). */
  runningMs?: number;
  /** Never leaves RUNNING unless stopped. */
  hang?: boolean;
  /** End FAILED with this AthenaError instead of running the SQL. */
  fail?: { category: 1 | 2 | 3; type?: number; message: string; retryable?: boolean };
  bytesScanned?: number;
  /** Bytes reported once the execution is terminal (a stopped query's final bill). */
  finalBytesScanned?: number;
}

export interface StubExecution {
  id: string;
  query: string;
  token?: string;
  workGroup: string;
  database?: string;
  outputPrefix: string;
  encryption?: { EncryptionOption?: string; KmsKey?: string };
  resultReuse?: unknown;
  state: 'QUEUED' | 'RUNNING' | 'SUCCEEDED' | 'FAILED' | 'CANCELLED';
  reason?: string;
  athenaError?: { ErrorCategory: number; ErrorType: number; Retryable: boolean; ErrorMessage: string };
  submitted: number;
  completed?: number;
  bytesScanned: number;
  finalBytesScanned?: number;
  result?: StubResult;
  /** GetQueryExecution + BatchGetQueryExecution lookups of this execution. */
  statusLookups: number;
  timers: NodeJS.Timeout[];
}

export interface AthenaStubOptions {
  /** Runs the received Trino SQL (TrinoAthenaExecutor, or a synthetic result for paging tests). */
  executor: StubExecutor;
  s3: { endpoint: string; region: string; credentials: { accessKeyId: string; secretAccessKey: string } };
  workgroups?: string[];
  defaultScript?: ExecutionScript;
  /** Bytes reported as scanned when a script does not say (e.g. the Parquet size). */
  defaultBytesScanned?: number;
}

class StubError extends Error {
  constructor(
    readonly type: string,
    message: string,
    readonly status = 400,
  ) {
    super(message);
  }
}

const PAGE_MAX = 1000;
const sec = (ms: number) => ms / 1000;

export class AthenaStub {
  readonly executions = new Map<string, StubExecution>();
  private readonly tokens = new Map<string, string>();
  private readonly scripts: ExecutionScript[] = [];
  private readonly throttles = new Map<string, { count: number; type: string }>();
  private readonly expiredKeys = new Set<string>();
  private readonly seenKeys = new Set<string>();
  /** Requests per action, throttled and failed ones included. */
  readonly calls: Record<string, number> = {};
  /** Errors answered, by type (ThrottlingException, ExpiredTokenException, ...). */
  readonly errors: Record<string, number> = {};
  /** Most executions QUEUED or RUNNING at the same time. */
  maxActive = 0;
  private readonly s3: S3Client;
  private server?: Server;
  endpoint = '';

  constructor(private readonly opts: AthenaStubOptions) {
    this.s3 = new S3Client({ ...opts.s3, forcePathStyle: true, maxAttempts: 1 });
  }

  async listen(): Promise<string> {
    this.server = createServer((req, res) => void this.handle(req, res));
    await new Promise<void>((r) => this.server!.listen(0, '127.0.0.1', r));
    this.endpoint = `http://127.0.0.1:${(this.server.address() as { port: number }).port}`;
    return this.endpoint;
  }

  async close(): Promise<void> {
    for (const e of this.executions.values()) e.timers.forEach(clearTimeout);
    this.s3.destroy();
    if (this.server) {
      this.server.closeAllConnections();
      await new Promise<void>((r) => this.server!.close(() => r()));
    }
  }

  /** The next StartQueryExecution calls take these scripts, in order. */
  script(...s: ExecutionScript[]): void {
    this.scripts.push(...s);
  }

  /** Drops scripts no StartQueryExecution took (a test whose last start was refused). */
  clearScripts(): void {
    this.scripts.length = 0;
  }

  /** The next `count` calls of `action` fail with `type` (TooManyRequestsException, ThrottlingException). */
  throttle(action: string, count: number, type = 'ThrottlingException'): void {
    this.throttles.set(action, { count, type });
  }

  /** Every access key seen so far is now expired: their requests get ExpiredTokenException. */
  expireSeenCredentials(): void {
    for (const k of this.seenKeys) this.expiredKeys.add(k);
  }

  resetCounters(): void {
    for (const k of Object.keys(this.calls)) delete this.calls[k];
    for (const k of Object.keys(this.errors)) delete this.errors[k];
    this.maxActive = 0;
  }

  /** Someone else stopped the query (console, another client): Athena reports CANCELLED. */
  stopExternally(id: string): void {
    const e = this.find(id);
    this.end(e, 'CANCELLED', 'Query was cancelled by another client');
  }

  /** The execution the engine started with this ClientRequestToken. */
  byToken(token: string): StubExecution | undefined {
    const id = this.tokens.get(token);
    return id ? this.executions.get(id) : undefined;
  }

  private active(): number {
    let n = 0;
    for (const e of this.executions.values()) if (e.state === 'QUEUED' || e.state === 'RUNNING') n++;
    return n;
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const chunks: Buffer[] = [];
    for await (const c of req) chunks.push(c as Buffer);
    const target = String(req.headers['x-amz-target'] ?? '');
    const action = target.startsWith('AmazonAthena.') ? target.slice('AmazonAthena.'.length) : target;
    this.calls[action] = (this.calls[action] ?? 0) + 1;
    try {
      if (req.method !== 'POST') throw new StubError('UnknownOperationException', 'only POST is supported');
      const key = /Credential=([^/]+)\//.exec(String(req.headers.authorization ?? ''))?.[1];
      if (!key) throw new StubError('MissingAuthenticationTokenException', 'Missing Authentication Token', 403);
      this.seenKeys.add(key);
      if (this.expiredKeys.has(key)) throw new StubError('ExpiredTokenException', 'The security token included in the request is expired');
      const th = this.throttles.get(action);
      if (th && th.count > 0) {
        th.count--;
        throw new StubError(th.type, 'Rate exceeded');
      }
      const body = chunks.length ? JSON.parse(Buffer.concat(chunks).toString('utf8')) : {};
      const out = await this.dispatch(action, body);
      this.reply(res, 200, out);
    } catch (e) {
      if (e instanceof StubError) {
        this.errors[e.type] = (this.errors[e.type] ?? 0) + 1;
        this.reply(res, e.status, { __type: e.type, Message: e.message });
      }
      else this.reply(res, 500, { __type: 'InternalServerException', Message: (e as Error).message });
    }
  }

  private reply(res: ServerResponse, status: number, body: unknown): void {
    const text = JSON.stringify(body);
    res.writeHead(status, { 'content-type': 'application/x-amz-json-1.1', 'x-amzn-requestid': randomUUID(), 'content-length': Buffer.byteLength(text) });
    res.end(text);
  }

  private dispatch(action: string, body: any): Promise<unknown> | unknown {
    switch (action) {
      case 'StartQueryExecution':
        return this.start(body);
      case 'GetQueryExecution': {
        const e = this.find(body.QueryExecutionId);
        e.statusLookups++;
        return { QueryExecution: this.describe(e) };
      }
      case 'BatchGetQueryExecution': {
        const ids: string[] = body.QueryExecutionIds ?? [];
        if (ids.length < 1 || ids.length > 50) throw new StubError('InvalidRequestException', 'QueryExecutionIds must have 1 to 50 ids');
        const found: unknown[] = [];
        const missing: unknown[] = [];
        for (const id of ids) {
          const e = this.executions.get(id);
          if (e) {
            e.statusLookups++;
            found.push(this.describe(e));
          } else missing.push({ QueryExecutionId: id, ErrorCode: 'INVALID_INPUT', ErrorMessage: `QueryExecution ${id} was not found` });
        }
        return { QueryExecutions: found, UnprocessedQueryExecutionIds: missing };
      }
      case 'GetQueryResults':
        return this.results(body);
      case 'StopQueryExecution': {
        const e = this.find(body.QueryExecutionId);
        if (e.state === 'QUEUED' || e.state === 'RUNNING') this.end(e, 'CANCELLED', 'Query was cancelled by the user');
        return {};
      }
      default:
        throw new StubError('UnknownOperationException', `the stub does not implement ${action}`);
    }
  }

  private find(id: unknown): StubExecution {
    const e = typeof id === 'string' ? this.executions.get(id) : undefined;
    if (!e) throw new StubError('InvalidRequestException', `QueryExecution ${String(id)} was not found`);
    return e;
  }

  private async start(body: any): Promise<unknown> {
    const query = body.QueryString;
    if (typeof query !== 'string' || query.length === 0) throw new StubError('InvalidRequestException', 'QueryString is required');
    const token: string | undefined = body.ClientRequestToken;
    if (token !== undefined && (token.length < 32 || token.length > 128)) {
      throw new StubError('InvalidRequestException', 'ClientRequestToken must be 32 to 128 characters');
    }
    if (token && this.tokens.has(token)) {
      const prev = this.executions.get(this.tokens.get(token)!)!;
      if (prev.query !== query) throw new StubError('InvalidRequestException', 'Idempotent parameters do not match');
      return { QueryExecutionId: prev.id };
    }
    const workGroup = body.WorkGroup ?? 'primary';
    if (!(this.opts.workgroups ?? ['primary']).includes(workGroup)) {
      throw new StubError('InvalidRequestException', `WorkGroup ${workGroup} is not found.`);
    }
    const output: string | undefined = body.ResultConfiguration?.OutputLocation;
    if (!output) throw new StubError('InvalidRequestException', 'No output location provided. An output location is required either through the Workgroup result configuration setting or as an API input.');
    const m = /^s3:\/\/([^/]+)\/?(.*)$/.exec(output);
    if (!m) throw new StubError('InvalidRequestException', `${output} is not an S3 location`);
    try {
      await this.s3.send(new HeadBucketCommand({ Bucket: m[1] }));
    } catch {
      throw new StubError('InvalidRequestException', `Unable to verify/create output bucket ${m[1]}`);
    }
    const script = this.scripts.shift() ?? this.opts.defaultScript ?? {};
    const e: StubExecution = {
      id: randomUUID(),
      query,
      token,
      workGroup,
      database: body.QueryExecutionContext?.Database,
      outputPrefix: output.endsWith('/') ? output : `${output}/`,
      encryption: body.ResultConfiguration?.EncryptionConfiguration,
      resultReuse: body.ResultReuseConfiguration,
      state: 'QUEUED',
      submitted: Date.now(),
      bytesScanned: 0,
      statusLookups: 0,
      timers: [],
    };
    this.executions.set(e.id, e);
    if (token) this.tokens.set(token, e.id);
    this.maxActive = Math.max(this.maxActive, this.active());
    e.timers.push(setTimeout(() => void this.run(e, script), script.queuedMs ?? 0));
    return { QueryExecutionId: e.id };
  }

  private async run(e: StubExecution, script: ExecutionScript): Promise<void> {
    if (e.state !== 'QUEUED') return;
    e.state = 'RUNNING';
    const ranAt = Date.now();
    e.bytesScanned = script.bytesScanned ?? this.opts.defaultBytesScanned ?? 0;
    e.finalBytesScanned = script.finalBytesScanned;
    if (script.hang) return;
    let outcome: () => Promise<void>;
    if (script.fail) {
      const f = script.fail;
      outcome = async () => {
        e.athenaError = { ErrorCategory: f.category, ErrorType: f.type ?? (f.category === 2 ? 1006 : 401), Retryable: f.retryable ?? false, ErrorMessage: f.message };
        this.end(e, 'FAILED', f.message);
      };
    } else {
      let result: StubResult | undefined;
      let error: Error | undefined;
      try {
        result = await this.opts.executor.execute(e.query, { database: e.database });
      } catch (err) {
        error = err as Error;
      }
      outcome = async () => {
        if (error) {
          // Athena's reason is Trino's error name and message; user errors are category 2.
          const q = error instanceof StubQueryError ? error : undefined;
          e.athenaError = { ErrorCategory: q && !q.userError ? 1 : 2, ErrorType: q && !q.userError ? 401 : 1006, Retryable: false, ErrorMessage: error.message };
          return this.end(e, 'FAILED', `${q?.errorName ?? 'GENERIC_INTERNAL_ERROR'}: ${error.message}`);
        }
        try {
          await this.writeCsv(e, result!);
        } catch (err) {
          e.athenaError = { ErrorCategory: 1, ErrorType: 401, Retryable: false, ErrorMessage: (err as Error).message };
          return this.end(e, 'FAILED', `Error writing query results to ${e.outputPrefix}${e.id}.csv: ${(err as Error).message}`);
        }
        e.result = result;
        this.end(e, 'SUCCEEDED');
      };
    }
    const wait = Math.max(0, (script.runningMs ?? 0) - (Date.now() - ranAt));
    e.timers.push(
      setTimeout(() => {
        if (e.state === 'RUNNING') void outcome();
      }, wait),
    );
  }

  private async writeCsv(e: StubExecution, r: StubResult): Promise<void> {
    const m = /^s3:\/\/([^/]+)\/(.*)$/.exec(`${e.outputPrefix}${e.id}.csv`)!;
    const lines = [r.columns.map((c) => csvField(c.Name)).join(',')];
    for (const row of r.rows) lines.push(row.map(csvField).join(','));
    const sse = e.encryption?.EncryptionOption;
    await this.s3.send(
      new PutObjectCommand({
        Bucket: m[1],
        Key: m[2],
        Body: lines.join('\n') + '\n',
        ContentType: 'text/csv',
        ...(sse === 'SSE_S3' ? { ServerSideEncryption: 'AES256' as const } : {}),
        ...(sse === 'SSE_KMS' ? { ServerSideEncryption: 'aws:kms' as const, SSEKMSKeyId: e.encryption?.KmsKey } : {}),
      }),
    );
  }

  private end(e: StubExecution, state: StubExecution['state'], reason?: string): void {
    if (e.state === 'SUCCEEDED' || e.state === 'FAILED' || e.state === 'CANCELLED') return;
    e.state = state;
    e.reason = reason;
    e.completed = Date.now();
    if (e.finalBytesScanned !== undefined) e.bytesScanned = e.finalBytesScanned;
    e.timers.forEach(clearTimeout);
  }

  private describe(e: StubExecution): unknown {
    const total = (e.completed ?? Date.now()) - e.submitted;
    return {
      QueryExecutionId: e.id,
      Query: e.query,
      StatementType: 'DML',
      WorkGroup: e.workGroup,
      QueryExecutionContext: { Catalog: 'AwsDataCatalog', Database: e.database },
      ResultConfiguration: {
        OutputLocation: `${e.outputPrefix}${e.id}.csv`,
        ...(e.encryption ? { EncryptionConfiguration: e.encryption } : {}),
      },
      Status: {
        State: e.state,
        SubmissionDateTime: sec(e.submitted),
        ...(e.completed ? { CompletionDateTime: sec(e.completed) } : {}),
        ...(e.reason ? { StateChangeReason: e.reason } : {}),
        ...(e.athenaError ? { AthenaError: e.athenaError } : {}),
      },
      Statistics: {
        EngineExecutionTimeInMillis: total,
        TotalExecutionTimeInMillis: total,
        DataScannedInBytes: e.bytesScanned,
        ResultReuseInformation: { ReusedPreviousResult: false },
      },
      EngineVersion: { SelectedEngineVersion: 'Athena engine version 3', EffectiveEngineVersion: 'Athena engine version 3' },
    };
  }

  private results(body: any): unknown {
    const e = this.find(body.QueryExecutionId);
    if (e.state !== 'SUCCEEDED' || !e.result) {
      throw new StubError('InvalidRequestException', `Query has not yet finished. Current state: ${e.state}`);
    }
    const max = body.MaxResults ?? PAGE_MAX;
    if (!Number.isInteger(max) || max < 1 || max > PAGE_MAX) {
      throw new StubError('InvalidRequestException', `MaxResults must be between 1 and ${PAGE_MAX}`);
    }
    // Row 0 is the header row; the token is the next row index, opaque to clients.
    let offset = 0;
    if (body.NextToken !== undefined) {
      const m = /^stub:([0-9a-f-]+):(\d+)$/.exec(Buffer.from(String(body.NextToken), 'base64').toString('utf8'));
      if (!m || m[1] !== e.id) throw new StubError('InvalidRequestException', 'The NextToken is not valid');
      offset = Number(m[2]);
    }
    const { columns, rows } = e.result;
    const total = rows.length + 1;
    const end = Math.min(total, offset + max);
    const out: { Data: { VarCharValue?: string }[] }[] = [];
    for (let i = offset; i < end; i++) {
      const cells = i === 0 ? columns.map((c: AthenaColumn) => c.Name) : rows[i - 1]!;
      out.push({ Data: cells.map((v) => (v === undefined ? {} : { VarCharValue: v })) });
    }
    return {
      UpdateCount: 0,
      ResultSet: { Rows: out, ResultSetMetadata: { ColumnInfo: columns } },
      ...(end < total ? { NextToken: Buffer.from(`stub:${e.id}:${end}`).toString('base64') } : {}),
    };
  }
}
