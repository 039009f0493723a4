// The families of the generated check that `npm test` holds to 0 differences: the functions, operators and
// casts the embedded engine answers (or refuses) as Trino does over the whole grid. The rest of the grid
// runs on demand (FUNCTION_CHECK=all) and in the benchmark, which counts what is left (BENCHMARKS.md).
import { castSignatures, functionSignatures, operatorSignatures, type FunctionListing, type Signature } from './grid';

export interface CheckedFamilies {
  /** Functions checked over all their signatures, or those whose argument types match. */
  functions: readonly string[];
  argumentFilter: Readonly<Record<string, RegExp>>;
  /** Operators (+, -, ...) checked between the argument types that match. */
  operators: Readonly<Record<string, RegExp>>;
  /** Casts: source type -> target types that match. */
  casts: Readonly<Record<string, RegExp>>;
}

const DECIMAL_OR_DOUBLE = /^(decimal\(|bigint$|integer$)/;

export const CHECKED_FAMILIES: CheckedFamilies = {
  functions: [
    'sequence', 'repeat', 'codepoint', 'lpad', 'rpad', 'regexp_split', 'url_extract_query',
    'url_extract_fragment', 'url_encode', 'to_iso8601',
    // arrays, maps and conditionals
    'array_distinct', 'array_except', 'array_histogram', 'array_intersect', 'array_join', 'array_max', 'array_min',
    'array_position', 'array_remove', 'array_sort', 'array_union', 'arrays_overlap', 'cardinality', 'combinations',
    'contains', 'element_at', 'flatten', 'greatest', 'least', 'map', 'map_concat', 'ngrams', 'slice', 'trim_array', 'typeof',
  ],
  // lpad / rpad of varbinary: DuckDB has none (left to fix); sequence of dates is refused.
  argumentFilter: { lpad: /^varchar/, rpad: /^varchar/ },
  // decimals with decimals and integers (with doubles: -0.0 divisors left to fix)
  operators: { '+': DECIMAL_OR_DOUBLE, '-': DECIMAL_OR_DOUBLE, '*': DECIMAL_OR_DOUBLE, '/': DECIMAL_OR_DOUBLE, '%': DECIMAL_OR_DOUBLE },
  casts: { 'decimal(3,2)': /^(varchar|double|bigint|decimal\(38,0\))$/, 'decimal(20,5)': /^(varchar|double|decimal\(3,2\))$/, 'decimal(38,38)': /^(double)$/ },
};

function matches(sig: Signature, families: CheckedFamilies): boolean {
  if (sig.form === 'function') {
    if (!families.functions.includes(sig.name)) return false;
    const filter = families.argumentFilter[sig.name];
    return !filter || filter.test(sig.args[0] ?? '');
  }
  if (sig.form === 'operator') {
    const filter = families.operators[sig.name];
    return !!filter && sig.args.every((a) => filter.test(a)) && sig.args.some((a) => a.startsWith('decimal('));
  }
  const filter = families.casts[sig.args[0]!];
  return !!filter && filter.test(sig.name);
}

/** The grid's signatures: all of them, or those of the checked families. */
export function checkedSignatures(listing: readonly FunctionListing[], accepted: ReadonlySet<string>, families?: CheckedFamilies): Signature[] {
  const all = [...functionSignatures(listing, accepted), ...operatorSignatures(), ...castSignatures()];
  return families ? all.filter((s) => matches(s, families)) : all;
}
