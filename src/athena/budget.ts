// Scanned-bytes budget over a rolling window (Teleport's cost limiter idea): every finished execution
// appends {time, user, roles, bytes} to a JSON-lines ledger under data_dir; before a query starts, the
// user's and each of their roles' totals over the window are checked against the configured limits.
import { RollingLedger } from '../engine/rolling-ledger';
import { EngineError } from '../errors/engine-error';
import type { BudgetConfig } from './config';

export interface ScanRecord {
  /** Epoch ms when the execution finished. */
  at: number;
  id: string;
  user?: string;
  roles: string[];
  bytes: number;
}

const DAY_MS = 86_400_000;

export function formatBytes(n: number): string {
  const units = ['B', 'KB', 'MB', 'GB', 'TB', 'PB'];
  let i = 0;
  let v = n;
  while (v >= 1000 && i < units.length - 1) {
    v /= 1000;
    i++;
  }
  return `${i === 0 ? v : v.toFixed(v >= 100 ? 0 : v >= 10 ? 1 : 2)} ${units[i]}`;
}

export class ScannedBytesLedger {
  private readonly ledger: RollingLedger<ScanRecord>;

  constructor(
    file: string,
    readonly budget: BudgetConfig,
    now: () => number = Date.now,
  ) {
    const accept = (r: ScanRecord) => (typeof r.at === 'number' && typeof r.bytes === 'number' ? { ...r, roles: r.roles ?? [] } : undefined);
    this.ledger = new RollingLedger(file, budget.windowDays * DAY_MS, accept, now);
  }

  record(r: ScanRecord): void {
    this.ledger.record(r);
  }

  userBytes(user: string): number {
    return this.ledger.sum((r) => r.user === user, (r) => r.bytes);
  }

  roleBytes(role: string): number {
    return this.ledger.sum((r) => r.roles.includes(role), (r) => r.bytes);
  }

  /** Throws LIMIT_EXCEEDED when the user or one of the roles has used its budget up. */
  check(user: string | undefined, roles: readonly string[] = []): void {
    const days = this.budget.windowDays;
    if (user !== undefined && this.budget.userBytes !== undefined) {
      const used = this.userBytes(user);
      if (used >= this.budget.userBytes) {
        throw new EngineError(
          'LIMIT_EXCEEDED',
          `user ${user} has scanned ${formatBytes(used)} in the last ${days} days, over the ${formatBytes(this.budget.userBytes)} Athena budget (athena.budget.per_user); usage ages out day by day, or an administrator can raise the budget`,
        );
      }
    }
    if (this.budget.roleBytes !== undefined) {
      for (const role of roles) {
        const used = this.roleBytes(role);
        if (used >= this.budget.roleBytes) {
          throw new EngineError(
            'LIMIT_EXCEEDED',
            `role ${role} has scanned ${formatBytes(used)} in the last ${days} days, over the ${formatBytes(this.budget.roleBytes)} Athena budget (athena.budget.per_role); usage ages out day by day, or an administrator can raise the budget`,
          );
        }
      }
    }
  }
}
