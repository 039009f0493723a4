// Trino lambdas DuckDB has no function for (reduce, transform_keys, zip_with, ...) are inlined: the lambda's
// body with each parameter replaced by the expression that stands for it.
import { type AstNode, type Expr, deepClone } from './ast';
import { refuseEmbedded } from './refusal';

export function lambdaParams(lambda: Expr): string[] {
  const lhs = lambda.lhs;
  const name = (c: Expr) => {
    if (c?.class !== 'COLUMN_REF' || c.column_names.length !== 1) refuseEmbedded('this lambda form');
    return String(c.column_names[0]).toLowerCase();
  };
  if (lhs?.class === 'COLUMN_REF') return [name(lhs)];
  if (lhs?.class === 'FUNCTION' && String(lhs.function_name).toLowerCase() === 'row') return lhs.children.map(name);
  return refuseEmbedded('this lambda form');
}

export function isLambda(e: Expr | undefined): boolean {
  return e?.class === 'LAMBDA';
}

/** The lambda's body with its parameters replaced by `args` (a.b on a row parameter becomes a field access). */
export function applyLambda(lambda: Expr, args: Expr[]): Expr {
  if (!isLambda(lambda)) refuseEmbedded('a function argument where Trino expects a lambda');
  const names = lambdaParams(lambda);
  if (names.length !== args.length) refuseEmbedded(`a lambda with ${names.length} parameters where ${args.length} are passed`);
  const sub = (node: unknown, shadowed: ReadonlySet<string>): unknown => {
    if (Array.isArray(node)) return node.map((n) => sub(n, shadowed));
    if (!node || typeof node !== 'object') return node;
    const n = node as AstNode;
    if (n.class === 'LAMBDA') {
      const inner = new Set([...shadowed, ...lambdaParams(n)]);
      return { ...n, expr: sub(n.expr, inner) };
    }
    if (n.class === 'COLUMN_REF') {
      const first = String(n.column_names[0]).toLowerCase();
      const i = names.indexOf(first);
      if (i >= 0 && !shadowed.has(first)) {
        let out = deepClone(args[i]!);
        for (const field of n.column_names.slice(1)) {
          out = { class: 'FUNCTION', type: 'FUNCTION', alias: '', function_name: 'struct_extract', schema: '', catalog: '',
            children: [out, { class: 'CONSTANT', type: 'VALUE_CONSTANT', alias: '', value: { type: { id: 'VARCHAR', type_info: null }, is_null: false, value: field } }],
            filter: null, order_bys: { type: 'ORDER_MODIFIER', orders: [] }, distinct: false, is_operator: false, export_state: false };
        }
        return out;
      }
      return n;
    }
    const out: AstNode = {};
    for (const [k, v] of Object.entries(n)) out[k] = sub(v, shadowed);
    return out;
  };
  return sub(deepClone(lambda.expr), new Set()) as Expr;
}

export function integerConstant(value: number): Expr {
  return { class: 'CONSTANT', type: 'VALUE_CONSTANT', alias: '', value: { type: { id: 'INTEGER', type_info: null }, is_null: false, value } };
}

/** x[i] (1-based list or unnamed-struct element). */
export function elementAt(e: Expr, i: number): Expr {
  return { class: 'OPERATOR', type: 'ARRAY_EXTRACT', alias: '', children: [e, integerConstant(i)] };
}
