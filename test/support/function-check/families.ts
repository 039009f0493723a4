// What `npm test` holds to 0 differences: the whole grid (every accepted function's signatures, every
// operator, every cast), but for the signatures whose answer changed after the Trino the tests run. There
// the embedded engine follows Trino's documentation of the newer answer, which the conformance table
// (test/sql/conformance) holds and marks `newer`; test/trino/conformance.test.ts checks that this Trino
// indeed does not know it yet, so the exclusion goes once the tests run a Trino that does.
import { castSignatures, functionSignatures, operatorSignatures, type FunctionListing, type Signature } from './grid';

export interface NewerThanTestTrino {
  form: Signature['form'];
  name: string;
  args: readonly string[];
  /** What changed, and where the conformance table holds the newer answer. */
  why: string;
}

export const NEWER_THAN_TEST_TRINO: readonly NewerThanTestTrino[] = [
  {
    form: 'cast',
    name: 'date',
    args: ['json'],
    why: "CAST(json AS date): newer Trino casts a JSON string to a date (test/sql/conformance/pages/json.ts, 'casts of JSON to date and time'); this one rejects the cast",
  },
];

const isNewer = (s: Signature) =>
  NEWER_THAN_TEST_TRINO.some((n) => n.form === s.form && n.name === s.name && n.args.length === s.args.length && n.args.every((a, i) => a === s.args[i]));

/** The grid's signatures: every one, or (for `npm test` and the benchmark's count) those the test Trino can judge. */
export function checkedSignatures(listing: readonly FunctionListing[], accepted: ReadonlySet<string>, opts: { judgedOnly?: boolean } = {}): Signature[] {
  const all = [...functionSignatures(listing, accepted), ...operatorSignatures(), ...castSignatures()];
  return opts.judgedOnly ? all.filter((s) => !isNewer(s)) : all;
}
