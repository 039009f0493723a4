// Scanned-bytes budget over a rolling window (Teleport's cost limiter idea): every finished execution
// appends {time, user, roles, bytes} to a JSON-lines ledger under data_dir; before a query starts, the
// user's and each of their roles' totals over the window are checked against the configured limits.
import { appendFileSync, existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
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
  private records: ScanRecord[] = [];
  private appendedSinceCompaction = 0;

  constructor(
    private readonly file: string,
    readonly budget: BudgetConfig,
    private readonly now: () => number = Date.now,
  ) {
    if (existsSync(file)) {
      for (const line of readFileSync(file, 'utf8').split('\n')) {
        if (!line.trim()) continue;
        try {
          const r = JSON.parse(line) as ScanRecord;
          if (typeof r.at === 'number' && typeof r.bytes === 'number') this.records.push({ ...r, roles: r.roles ?? [] });
        } catch {
          // A torn last line after a crash: skip it, the rest of the ledger stands.
        }
      }
      this.prune();
      this.compact();
    }
  }

  private windowStart(): number {
    return this.now() - this.budget.windowDays * DAY_MS;
  }

  private prune(): void {
    const start = this.windowStart();
    if (this.records.length && this.records[0]!.at < start) this.records = this.records.filter((r) => r.at >= start);
  }

  /** Rewrites the file with only the records inside the window (atomic rename). */
  private compact(): void {
    mkdirSync(dirname(this.file), { recursive: true });
    const tmp = `${this.file}.tmp`;
    writeFileSync(tmp, this.records.map((r) => JSON.stringify(r) + '\n').join(''));
    renameSync(tmp, this.file);
    this.appendedSinceCompaction = 0;
  }

  record(r: ScanRecord): void {
    this.records.push(r);
    mkdirSync(dirname(this.file), { recursive: true });
    appendFileSync(this.file, JSON.stringify(r) + '\n');
    if (++this.appendedSinceCompaction >= 1000) {
      this.prune();
      this.compact();
    }
  }

  userBytes(user: string): number {
    this.prune();
    return this.records.reduce((s, r) => (r.user === user ? s + r.bytes : s), 0);
  }

  roleBytes(role: string): number {
    this.prune();
    return this.records.reduce((s, r) => (r.roles.includes(role) ? s + r.bytes : s), 0);
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
