// Where resources are kept: a flat collection of named text documents. Local directory by default,
// an S3 prefix when configured. Keys are resource names; listing is in key order with a
// start-after cursor, the same on both backends.
export interface ListPage {
  names: string[];
  /** Set when more names follow: pass it as `after` to continue. */
  next?: string;
}

export interface DocumentBackend {
  /** For messages: the directory or s3:// URI. */
  readonly location: string;
  read(name: string): Promise<string | undefined>;
  /** Replaces the whole document atomically: readers see the old or the new text, never a mix. */
  write(name: string, text: string): Promise<void>;
  /** True when something was deleted. */
  remove(name: string): Promise<boolean>;
  list(opts: { limit: number; after?: string }): Promise<ListPage>;
}

/** Document file/object suffix. */
export const DOC_SUFFIX = '.yaml';
