// Trino's JSON result values -> engine-neutral cells (src/engine/types.ts `Cell`), guided by each
// column's type signature: bigint and decimal stay exact text, rows (positional JSON arrays) become
// objects keyed by field name, maps objects, timestamps Trino's millisecond text.
import type { Cell, ColumnInfo } from '../engine/types';
import { isLosslessNumber, type TrinoColumn, type TypeSignature } from './client';

/**
 * The type as the other engines name it: unbounded varchar (Athena reports `varchar` whatever the
 * length), `decimal(p,s)` without the space, timestamps with their precision (the protocol rounds
 * them to milliseconds for clients that do not ask for more), interval names in lower case.
 */
export function normalizeType(type: string): string {
  return type
    .replace(/\bvarchar\(\d+\)/g, 'varchar')
    .replace(/\bdecimal\((\d+),\s*(\d+)\)/g, 'decimal($1,$2)')
    .replace(/\btimestamp with time zone\b/g, 'timestamp(3) with time zone')
    .replace(/\btimestamp\b(?!\()/g, 'timestamp(3)')
    .replace(/INTERVAL (DAY TO SECOND|YEAR TO MONTH)/g, (m) => m.toLowerCase());
}

export function toColumnInfo(c: TrinoColumn): ColumnInfo {
  return { name: c.name, type: normalizeType(c.type) };
}

function argTypes(sig: TypeSignature): TypeSignature[] {
  return sig.arguments.filter((a) => a.kind === 'TYPE').map((a) => a.value as TypeSignature);
}

function rowFields(sig: TypeSignature): { name: string; type: TypeSignature }[] {
  return sig.arguments
    .filter((a) => a.kind === 'NAMED_TYPE')
    .map((a, i) => {
      const v = a.value as { fieldName?: { name: string }; typeSignature: TypeSignature };
      // Anonymous row fields: Trino itself names them field0, field1, ... in JSON casts.
      return { name: v.fieldName?.name ?? `field${i}`, type: v.typeSignature };
    });
}

function numberText(v: unknown): string {
  return isLosslessNumber(v) ? v.toString() : String(v);
}

/** One protocol value of the given type -> Cell. */
export function toCell(v: unknown, sig: TypeSignature | undefined): Cell {
  if (v === null || v === undefined) return null;
  const raw = (sig?.rawType ?? '').toLowerCase();
  switch (raw) {
    case 'bigint':
    case 'decimal':
      return numberText(v);
    case 'tinyint':
    case 'smallint':
    case 'integer':
      return Number(numberText(v));
    case 'real':
    case 'double': {
      // Trino sends NaN and the infinities as strings.
      if (typeof v === 'string') return v;
      const n = Number(numberText(v));
      return Number.isFinite(n) ? n : String(n);
    }
    case 'boolean':
      return v === true;
    case 'array': {
      const [el] = argTypes(sig!);
      return (v as unknown[]).map((x) => toCell(x, el));
    }
    case 'map': {
      const [, val] = argTypes(sig!);
      const out: Record<string, Cell> = {};
      for (const [k, x] of Object.entries(v as Record<string, unknown>)) out[k] = toCell(x, val);
      return out;
    }
    case 'row': {
      const fields = rowFields(sig!);
      const values = v as unknown[];
      const out: Record<string, Cell> = {};
      fields.forEach((f, i) => (out[f.name] = toCell(values[i], f.type)));
      return out;
    }
    default:
      if (isLosslessNumber(v)) return Number(v.toString());
      return typeof v === 'object' ? JSON.stringify(v) : (v as string);
  }
}

export function toRow(values: unknown[], columns: readonly TrinoColumn[]): Cell[] {
  return columns.map((c, i) => toCell(values[i], c.typeSignature));
}
