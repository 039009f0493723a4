// Cluster-wide admission and accounting on the shared S3 location, for the Athena engine (ClusterPort).
//
//   users/<user>.json            the user's running-query slots and scanned-bytes charges inside the
//                                budget window: {slots: [{slot, reservedAt, roles, athenaId?}], charges: [{id, at, bytes}]}
//   usage/roles/<role>/<n>.json  charges per role, in ROLE_SHARDS documents (a charge's shard is a hash
//                                of its id): every user of a role charges it, so one document would
//                                have every replica's writers queueing on it
//   executions/<athenaId>.json   what an execution is (SQL, window, owner, roles), for re-attaching
//
// Every change is a compare-and-swap (SharedDocs.update), so four replicas admitting a user's fourth
// query at once cannot all win: each writes only over the version it read. Freeing a slot and charging
// the user for it are one write; whichever replica first sees the query end does it (role charges
// first, keyed by the Athena id, so a retry never counts twice). A replica that died leaves its slots
// behind; the next admission for that user asks Athena about them and settles the finished ones.
import { createHash, randomUUID } from 'node:crypto';
import { LRUCache } from 'lru-cache';
import type { BudgetConfig } from '../athena/config';
import { formatBytes } from '../athena/budget';
import type { ClusterPort, SharedExecution } from '../athena/cluster-port';
import { EngineError } from '../errors/engine-error';
import type { WindowDays } from '../engine/types';
import type { ExecutionIdSigner } from './execution-id';
import type { SharedDocs } from './shared-docs';

interface Slot {
  slot: string;
  reservedAt: number;
  roles: string[];
  athenaId?: string;
}
interface UserDoc {
  slots: Slot[];
  charges?: Charge[];
}
interface Charge {
  id: string;
  at: number;
  bytes: number;
}
interface UsageDoc {
  charges: Charge[];
}
interface ExecutionDoc {
  athenaId: string;
  user?: string;
  roles: string[];
  sql: string;
  days: WindowDays;
  submittedAt: string;
}

/** What Athena says about a query, for settling slots a dead replica left behind. */
export interface AthenaFacts {
  terminal: boolean;
  bytes: number;
  completedAt?: number;
}
export type AthenaLookup = (athenaIds: string[]) => Promise<Map<string, AthenaFacts>>;

export interface CoordinatorOptions {
  docs: SharedDocs;
  signer: ExecutionIdSigner;
  maxRunningPerUser: number;
  budget: BudgetConfig;
  lookup: AthenaLookup;
  now?: () => number;
  /** A slot reserved this long ago that never got an Athena query: its replica died while starting. */
  reservationTtlMs?: number;
  /** Slots younger than this are left to the replica running them (no Athena lookup). */
  settleAfterMs?: number;
  /** A slot whose query Athena no longer reports is dropped after this long (past any query timeout). */
  slotMaxAgeMs?: number;
}

const DAY_MS = 86_400_000;
const name = (s: string) => encodeURIComponent(s);
const userKey = (user: string) => `users/${name(user)}.json`;
export const ROLE_SHARDS = 4;
const roleShardKey = (role: string, shard: number) => `usage/roles/${name(role)}/${shard}.json`;
const shardOf = (chargeId: string) => createHash('sha256').update(chargeId).digest()[0]! % ROLE_SHARDS;
const roleUsageKeys = (role: string) => Array.from({ length: ROLE_SHARDS }, (_, i) => roleShardKey(role, i));
const executionKey = (athenaId: string) => `executions/${name(athenaId)}.json`;

export class ClusterCoordinator implements ClusterPort {
  private readonly docs: SharedDocs;
  private readonly now: () => number;
  private readonly records = new LRUCache<string, ExecutionDoc>({ max: 10_000 });

  constructor(private readonly opts: CoordinatorOptions) {
    this.docs = opts.docs;
    this.now = opts.now ?? Date.now;
  }

  private windowStart(): number {
    return this.now() - this.opts.budget.windowDays * DAY_MS;
  }

  private sum(charges: readonly Charge[] | undefined): number {
    const start = this.windowStart();
    return (charges ?? []).reduce((s, c) => (c.at >= start ? s + c.bytes : s), 0);
  }

  private async used(...keys: string[]): Promise<number> {
    const docs = await Promise.all(keys.map((k) => this.docs.get<UsageDoc>(k)));
    return docs.reduce((sum, doc) => sum + this.sum(doc?.value.charges), 0);
  }

  /** The user's charges with `add` appended once (by id), outside-the-window ones dropped. */
  private withCharge(charges: readonly Charge[] | undefined, add: Charge): Charge[] {
    const start = this.windowStart();
    const kept = (charges ?? []).filter((c) => c.at >= start);
    return kept.some((c) => c.id === add.id) || !(add.bytes > 0) ? kept : [...kept, add];
  }

  private userOverBudget(user: string, used: number): EngineError | undefined {
    const { userBytes, windowDays } = this.opts.budget;
    if (userBytes === undefined || used < userBytes) return undefined;
    return new EngineError(
      'LIMIT_EXCEEDED',
      `user ${user} has scanned ${formatBytes(used)} in the last ${windowDays} days, over the ${formatBytes(userBytes)} Athena budget (athena.budget.per_user); usage ages out day by day, or an administrator can raise the budget`,
    );
  }

  /** Same rule and wording as the single-gateway ledger (src/athena/budget.ts), over every replica's charges. */
  private async checkRoles(roles: readonly string[]): Promise<void> {
    const { roleBytes, windowDays } = this.opts.budget;
    if (roleBytes === undefined) return;
    const used = await Promise.all(roles.map((role) => this.used(...roleUsageKeys(role))));
    roles.forEach((role, i) => {
      if (used[i]! >= roleBytes) {
        throw new EngineError(
          'LIMIT_EXCEEDED',
          `role ${role} has scanned ${formatBytes(used[i]!)} in the last ${windowDays} days, over the ${formatBytes(roleBytes)} Athena budget (athena.budget.per_role); usage ages out day by day, or an administrator can raise the budget`,
        );
      }
    });
  }

  async admit(user: string | undefined, roles: readonly string[]): Promise<string> {
    if (user === undefined) {
      await this.checkRoles(roles);
      return '';
    }
    const facts = new Map<string, AthenaFacts>();
    // The role budgets (other documents) are read while the user's slot is taken; a refusal gives it back.
    const [rolesChecked, taken] = await Promise.allSettled([
      this.checkRoles(roles),
      this.docs.update<UserDoc, string>(userKey(user), async (cur) => {
        const { keep, charges } = await this.settleFinished(user, cur?.slots ?? [], cur?.charges, facts);
        const over = this.userOverBudget(user, this.sum(charges));
        if (over) throw over;
        const limit = this.opts.maxRunningPerUser;
        if (keep.length >= limit) {
          throw new EngineError(
            'LIMIT_EXCEEDED',
            `user ${user} already has ${keep.length} queries running (limit ${limit}, across all gateway replicas); wait for one to finish or cancel one`,
          );
        }
        const slot: Slot = { slot: randomUUID(), reservedAt: this.now(), roles: [...roles] };
        return { next: { slots: [...keep, slot], charges }, result: slot.slot };
      }),
    ]);
    if (taken.status === 'rejected') throw taken.reason;
    const slot = taken.value;
    if (rolesChecked.status === 'rejected') {
      await this.abandon(user, slot).catch(() => undefined);
      throw rolesChecked.reason;
    }
    return slot;
  }

  /**
   * The slots still in use, and the user's charges: drops reservations whose replica died before
   * Athena had the query, and settles (charges, then drops) slots whose query Athena reports finished.
   * `facts` memoizes Athena's answers across compare-and-swap retries.
   */
  private async settleFinished(
    user: string,
    slots: Slot[],
    charges: Charge[] | undefined,
    facts: Map<string, AthenaFacts>,
  ): Promise<{ keep: Slot[]; charges: Charge[] }> {
    const now = this.now();
    const settleAfter = this.opts.settleAfterMs ?? 10_000;
    const ttl = this.opts.reservationTtlMs ?? 120_000;
    // A user at the limit may have just seen a query finish whose slot the replica that saw it is still
    // freeing: then ask Athena about every slot, however young, rather than refuse a query wrongly.
    const atLimit = slots.length >= this.opts.maxRunningPerUser;
    const ask = slots.filter((s) => s.athenaId && (atLimit || now - s.reservedAt >= settleAfter) && !facts.has(s.athenaId)).map((s) => s.athenaId!);
    if (ask.length) {
      const got = await this.opts.lookup(ask);
      for (const [id, f] of got) facts.set(id, f);
    }
    const maxAge = this.opts.slotMaxAgeMs ?? 2 * 3_600_000;
    const keep: Slot[] = [];
    const start = this.windowStart();
    let out = (charges ?? []).filter((c) => c.at >= start);
    for (const s of slots) {
      if (!s.athenaId) {
        if (now - s.reservedAt < ttl) keep.push(s);
        continue;
      }
      const f = facts.get(s.athenaId);
      if (!f || !f.terminal) {
        // Athena not answering about a query is no proof it ended; only age (past any query timeout) is.
        if (f || now - s.reservedAt < maxAge) keep.push(s);
        continue;
      }
      const at = f.completedAt ?? now;
      await this.chargeRoles(s.athenaId, s.roles, f.bytes, at);
      if (this.opts.budget.userBytes !== undefined) out = this.withCharge(out, { id: s.athenaId, at, bytes: f.bytes });
    }
    return { keep, charges: out };
  }

  async abandon(user: string | undefined, slot: string): Promise<void> {
    if (user === undefined || !slot) return;
    await this.docs.update<UserDoc, void>(userKey(user), (cur) => {
      if (!cur?.slots.some((s) => s.slot === slot)) return { result: undefined };
      return { next: { ...cur, slots: cur.slots.filter((s) => s.slot !== slot) }, result: undefined };
    });
  }

  async started(slot: string, e: SharedExecution): Promise<string> {
    let doc: ExecutionDoc = { athenaId: e.athenaId, user: e.user, roles: [...e.roles], sql: e.sql, days: e.days, submittedAt: e.submittedAt.toISOString() };
    // Written once. A retried start with the same client token reaches the same Athena query (its
    // ClientRequestToken): then the first record stands, so the id minted below is the same too.
    if ((await this.docs.put(executionKey(e.athenaId), doc, { ifNoneMatch: true })) === undefined) {
      const first = (await this.docs.get<ExecutionDoc>(executionKey(e.athenaId)))?.value;
      if (first && first.user === e.user) doc = first;
    }
    this.records.set(e.athenaId, doc);
    if (e.user !== undefined && slot) {
      await this.docs.update<UserDoc, void>(userKey(e.user), (cur) => {
        const slots = cur?.slots ?? [];
        const mine = slots.find((s) => s.slot === slot);
        if (mine?.athenaId === e.athenaId) return { result: undefined };
        // The same query holds a slot already (a retried start): give this one back.
        if (slots.some((s) => s.athenaId === e.athenaId)) return { next: { ...cur!, slots: slots.filter((s) => s.slot !== slot) }, result: undefined };
        // Settled away meanwhile (a very slow start): take the slot back, the query runs regardless.
        const next = mine
          ? slots.map((s) => (s.slot === slot ? { ...s, athenaId: e.athenaId } : s))
          : [...slots, { slot, reservedAt: this.now(), roles: [...e.roles], athenaId: e.athenaId }];
        return { next: { ...cur, slots: next }, result: undefined };
      });
    }
    return this.opts.signer.mint({ athenaId: e.athenaId, user: e.user ?? '', days: doc.days, submittedAt: new Date(doc.submittedAt) });
  }

  async resolve(id: string): Promise<SharedExecution | undefined> {
    const claims = this.opts.signer.verify(id);
    if (!claims) return undefined;
    const user = claims.user === '' ? undefined : claims.user;
    let doc = this.records.get(claims.athenaId);
    if (!doc) {
      doc = (await this.docs.get<ExecutionDoc>(executionKey(claims.athenaId)))?.value;
      if (doc && doc.user === user) this.records.set(claims.athenaId, doc);
    }
    // The id is the authority on owner, window and time; the record only adds the SQL text and roles.
    const rec = doc && doc.user === user ? doc : undefined;
    return { athenaId: claims.athenaId, user, roles: rec?.roles ?? [], sql: rec?.sql ?? '', days: claims.days, submittedAt: claims.submittedAt };
  }

  async finished(f: { athenaId: string; user?: string; bytes: number; completedAt: number }): Promise<void> {
    if (f.user === undefined) return;
    await this.docs.update<UserDoc, void>(userKey(f.user), async (cur) => {
      const slot = cur?.slots.find((s) => s.athenaId === f.athenaId);
      if (!slot) return { result: undefined }; // settled already, here or on another replica
      await this.chargeRoles(f.athenaId, slot.roles, f.bytes, f.completedAt);
      const charges = this.opts.budget.userBytes === undefined ? cur!.charges : this.withCharge(cur!.charges, { id: f.athenaId, at: f.completedAt, bytes: f.bytes });
      return { next: { slots: cur!.slots.filter((s) => s !== slot), charges }, result: undefined };
    });
  }

  /** Charges each role once per chargeId (idempotent: a retry after a failed write changes nothing). */
  private async chargeRoles(chargeId: string, roles: readonly string[], bytes: number, at: number): Promise<void> {
    if (!(bytes > 0) || this.opts.budget.roleBytes === undefined) return;
    const start = this.windowStart();
    await Promise.all(
      roles.map((role) =>
        this.docs.update<UsageDoc, void>(roleShardKey(role, shardOf(chargeId)), (cur) => {
          const charges = cur?.charges ?? [];
          if (charges.some((x) => x.id === chargeId)) return { result: undefined };
          return { next: { charges: [...charges.filter((x) => x.at >= start), { id: chargeId, at, bytes }] }, result: undefined };
        }),
      ),
    );
  }

  async charge(c: { chargeId: string; user?: string; roles: readonly string[]; bytes: number; at: number }): Promise<void> {
    if (!(c.bytes > 0)) return;
    await this.chargeRoles(c.chargeId, c.roles, c.bytes, c.at);
    if (c.user === undefined || this.opts.budget.userBytes === undefined) return;
    await this.docs.update<UserDoc, void>(userKey(c.user), (cur) => {
      if (cur?.charges?.some((x) => x.id === c.chargeId)) return { result: undefined };
      return { next: { slots: cur?.slots ?? [], charges: this.withCharge(cur?.charges, { id: c.chargeId, at: c.at, bytes: c.bytes }) }, result: undefined };
    });
  }

  /** Bytes charged to a user and to a role inside the window, as every replica sees them. */
  async usage(user?: string, role?: string): Promise<{ user?: number; role?: number }> {
    return {
      user: user === undefined ? undefined : this.sum((await this.docs.get<UserDoc>(userKey(user)))?.value.charges),
      role: role === undefined ? undefined : await this.used(...roleUsageKeys(role)),
    };
  }

  /** Slots a user holds across replicas (tests, metrics). */
  async runningSlots(user: string): Promise<number> {
    return (await this.docs.get<UserDoc>(userKey(user)))?.value.slots.length ?? 0;
  }
}
