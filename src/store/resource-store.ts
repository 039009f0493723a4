// Named resources kept as YAML documents on a DocumentBackend, validated on the way in and out.
// Reused for every resource kind (audit_query here; security_report in src/reports).
import { parse as parseYaml, stringify as toYaml } from 'yaml';
import type { DocumentBackend } from './backend';

export const RESOURCE_NAME = /^[a-z0-9][a-z0-9_.-]*$/;
export const MAX_NAME_LENGTH = 128;
export const MAX_PAGE_SIZE = 100;

export class StoreError extends Error {
  constructor(
    readonly code: 'BAD_INPUT' | 'NOT_FOUND' | 'CORRUPT',
    message: string,
  ) {
    super(message);
    this.name = 'StoreError';
  }
}

export function checkResourceName(kind: string, name: unknown): string {
  if (typeof name !== 'string' || !RESOURCE_NAME.test(name) || name.length > MAX_NAME_LENGTH) {
    throw new StoreError(
      'BAD_INPUT',
      `${kind} name ${JSON.stringify(name)} is not valid: use lower-case letters, digits, '_', '.', '-', ` +
        `starting with a letter or digit, at most ${MAX_NAME_LENGTH} characters`,
    );
  }
  return name;
}

export interface Page<T> {
  items: T[];
  /** Cursor for the next page, when there is one. */
  next?: string;
}

export interface ResourceStoreOptions<T> {
  /** Resource kind, for messages and the document's `kind` field (e.g. audit_query). */
  kind: string;
  /** Validates and normalises a resource; throws StoreError('BAD_INPUT') with a clear message. */
  validate(value: unknown): T;
  /** Extra checks for writes only (e.g. the SQL guard); documents already stored are trusted. */
  checkWrite?(item: T): Promise<void> | void;
}

/** Stored document shape: Teleport-style kind/version/metadata/spec. */
interface StoredDocument {
  kind: string;
  version: 'v1';
  metadata: { name: string };
  spec: Record<string, unknown>;
}

export class ResourceStore<T extends { name: string }> {
  constructor(
    readonly backend: DocumentBackend,
    private readonly opts: ResourceStoreOptions<T>,
  ) {}

  get kind(): string {
    return this.opts.kind;
  }

  async get(name: string): Promise<T | undefined> {
    checkResourceName(this.opts.kind, name);
    const text = await this.backend.read(name);
    return text === undefined ? undefined : this.decode(name, text);
  }

  /** Like get, but a missing resource is a NOT_FOUND StoreError. */
  async require(name: string): Promise<T> {
    const item = await this.get(name);
    if (!item) throw new StoreError('NOT_FOUND', `${this.opts.kind} ${name} not found`);
    return item;
  }

  async list(opts: { limit?: number; after?: string } = {}): Promise<Page<T>> {
    const limit = opts.limit ?? MAX_PAGE_SIZE;
    if (!Number.isInteger(limit) || limit < 1 || limit > MAX_PAGE_SIZE) {
      throw new StoreError('BAD_INPUT', `page size must be between 1 and ${MAX_PAGE_SIZE}, got ${limit}`);
    }
    if (opts.after !== undefined) checkResourceName(this.opts.kind, opts.after);
    const page = await this.backend.list({ limit, after: opts.after });
    const items: T[] = [];
    for (const name of page.names) {
      const text = await this.backend.read(name);
      if (text !== undefined) items.push(this.decode(name, text)); // deleted between list and read
    }
    return page.next ? { items, next: page.next } : { items };
  }

  /** Every resource, in name order. */
  async all(): Promise<T[]> {
    const out: T[] = [];
    let after: string | undefined;
    do {
      const page = await this.list({ after });
      out.push(...page.items);
      after = page.next;
    } while (after);
    return out;
  }

  async upsert(value: unknown): Promise<T> {
    const item = this.opts.validate(value);
    checkResourceName(this.opts.kind, item.name);
    await this.opts.checkWrite?.(item);
    const { name, ...spec } = item;
    const doc: StoredDocument = { kind: this.opts.kind, version: 'v1', metadata: { name }, spec };
    await this.backend.write(name, toYaml(doc));
    return item;
  }

  /** True when the resource existed. */
  async delete(name: string): Promise<boolean> {
    checkResourceName(this.opts.kind, name);
    return this.backend.remove(name);
  }

  private decode(name: string, text: string): T {
    let doc: StoredDocument;
    try {
      doc = parseYaml(text) as StoredDocument;
    } catch (e) {
      throw new StoreError('CORRUPT', `${this.opts.kind} ${name} at ${this.backend.location} is not valid YAML: ${(e as Error).message}`);
    }
    if (!doc || doc.kind !== this.opts.kind || doc.metadata?.name !== name || typeof doc.spec !== 'object') {
      throw new StoreError('CORRUPT', `${this.opts.kind} ${name} at ${this.backend.location} is not a valid ${this.opts.kind} document`);
    }
    try {
      return this.opts.validate({ ...doc.spec, name });
    } catch (e) {
      throw new StoreError('CORRUPT', `${this.opts.kind} ${name} at ${this.backend.location}: ${(e as Error).message}`);
    }
  }
}
