// Small field readers for config sections: each error names the key and what it should be.

export class ConfigError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ConfigError';
  }
}

export function asObject(v: unknown, what: string): Record<string, unknown> {
  if (v === null || typeof v !== 'object' || Array.isArray(v)) {
    throw new ConfigError(`${what} must be a mapping (key: value), got ${Array.isArray(v) ? 'a list' : typeof v}`);
  }
  return v as Record<string, unknown>;
}

export function optionalString(obj: Record<string, unknown>, key: string, label = key): string | undefined {
  const v = obj[key];
  if (v === undefined || v === null) return undefined;
  if (typeof v !== 'string' || v === '') throw new ConfigError(`${label} must be a non-empty string`);
  return v;
}

export function requiredString(obj: Record<string, unknown>, key: string, label = key): string {
  const v = optionalString(obj, key, label);
  if (v === undefined) throw new ConfigError(`${label} is required`);
  return v;
}

export function optionalInt(obj: Record<string, unknown>, key: string, label = key, min = 0): number | undefined {
  const v = obj[key];
  if (v === undefined || v === null) return undefined;
  if (typeof v !== 'number' || !Number.isInteger(v) || v < min) {
    throw new ConfigError(`${label} must be a whole number >= ${min}, got ${JSON.stringify(v)}`);
  }
  return v;
}

export function optionalBool(obj: Record<string, unknown>, key: string, label = key): boolean | undefined {
  const v = obj[key];
  if (v === undefined || v === null) return undefined;
  if (typeof v !== 'boolean') throw new ConfigError(`${label} must be true or false`);
  return v;
}
