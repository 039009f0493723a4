// What the Athena engine needs from the replicas it shares a deployment with (src/cluster implements
// it): cluster-wide admission (running queries per user, scanned-bytes budgets), execution ids any
// replica can resolve, and exactly-once charging of what each query scanned.
import type { AwsCredentialIdentity, AwsCredentialIdentityProvider } from '@aws-sdk/types';
import type { WindowDays } from '../engine/types';
import type { AthenaApi } from './api';
import type { AthenaConfig } from './config';

/** Joins one engine to its replicas' cluster: the engine's settings and API in, the port and its close out. */
export type JoinCluster = (athena: {
  config: AthenaConfig;
  api: AthenaApi;
  sourceCredentials?: AwsCredentialIdentity | AwsCredentialIdentityProvider;
  now?: () => number;
}) => { port: ClusterPort; close(): void };

/** What an execution is, as any replica can learn it. */
export interface SharedExecution {
  athenaId: string;
  user?: string;
  roles: string[];
  /** The SQL as the user wrote it. */
  sql: string;
  days: WindowDays;
  submittedAt: Date;
}

export interface ClusterPort {
  /**
   * Checks the user's and roles' budgets and takes one of the user's running-query slots across all
   * replicas; throws EngineError LIMIT_EXCEEDED when either is used up. Returns the slot to pass on.
   */
  admit(user: string | undefined, roles: readonly string[]): Promise<string>;
  /** The query never reached Athena: frees its slot. */
  abandon(user: string | undefined, slot: string): Promise<void>;
  /** Athena accepted the query: records it on the slot and returns the execution id to hand out. */
  started(slot: string, execution: SharedExecution): Promise<string>;
  /** What an id stands for; undefined for an id no replica of this cluster handed out. */
  resolve(id: string): Promise<SharedExecution | undefined>;
  /** The query is terminal: charges its scan once (whichever replica sees it first) and frees its slot. */
  finished(f: { athenaId: string; user?: string; bytes: number; completedAt: number }): Promise<void>;
  /** A further charge for the same query (a stopped query's final bill), once per chargeId. */
  charge(c: { chargeId: string; user?: string; roles: readonly string[]; bytes: number; at: number }): Promise<void>;
}
