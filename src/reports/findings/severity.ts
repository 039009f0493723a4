// Severity and key columns as report queries and detections declare them, validated at the edge.
import { badInput } from '../errors';
import { SEVERITIES, type Severity } from './types';

export function parseSeverity(v: unknown, where: string): Severity | undefined {
  if (v === undefined || v === null || v === '') return undefined;
  if (typeof v !== 'string' || !(SEVERITIES as readonly string[]).includes(v.toLowerCase())) {
    throw badInput(`${where} must be one of ${SEVERITIES.join(', ')}, got ${JSON.stringify(v)}`);
  }
  return v.toLowerCase() as Severity;
}

export function parseFindingKey(v: unknown, where: string): string[] | undefined {
  if (v === undefined || v === null) return undefined;
  const list = typeof v === 'string' ? [v] : v;
  if (!Array.isArray(list) || list.length === 0 || list.some((c) => typeof c !== 'string' || c === '')) {
    throw badInput(`${where} must be a result column name or a list of them`);
  }
  return list as string[];
}
