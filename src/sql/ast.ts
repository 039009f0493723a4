// DuckDB's parse tree as json_serialize_sql() emits it. Only the fields this package reads are typed;
// nodes are otherwise passed through untouched so json_deserialize_sql() can turn them back into SQL.
/* eslint-disable @typescript-eslint/no-explicit-any */

/** Any node of the tree: a query node, a table reference, an expression or a part of one. */
export type AstNode = { [key: string]: any };

/** SELECT_NODE, SET_OPERATION_NODE, ... */
export type QueryNode = AstNode;
/** An expression: has `class` (FUNCTION, COLUMN_REF, CAST, ...) and `type`. */
export type Expr = AstNode;
/** A FROM-clause item: BASE_TABLE, JOIN, SUBQUERY, TABLE_FUNCTION, EMPTY, EXPRESSION_LIST, ... */
export type TableRef = AstNode;

export function isExpr(v: unknown): v is Expr {
  return typeof v === 'object' && v !== null && typeof (v as AstNode).class === 'string';
}

export function columnRef(...names: string[]): Expr {
  return { class: 'COLUMN_REF', type: 'COLUMN_REF', alias: '', column_names: names };
}

export function varcharConstant(value: string): Expr {
  return {
    class: 'CONSTANT',
    type: 'VALUE_CONSTANT',
    alias: '',
    value: { type: { id: 'VARCHAR', type_info: null }, is_null: false, value },
  };
}

export function functionCall(name: string, children: Expr[], extra: Partial<Expr> = {}): Expr {
  return {
    class: 'FUNCTION',
    type: 'FUNCTION',
    alias: '',
    function_name: name,
    schema: '',
    catalog: '',
    children,
    filter: null,
    order_bys: { type: 'ORDER_MODIFIER', orders: [] },
    distinct: false,
    is_operator: false,
    export_state: false,
    ...extra,
  };
}

/** The string value of a VARCHAR constant expression, or undefined when the expression is anything else. */
export function stringConstant(e: Expr | undefined): string | undefined {
  if (!e || e.class !== 'CONSTANT' || e.value?.is_null) return undefined;
  return e.value?.type?.id === 'VARCHAR' ? String(e.value.value) : undefined;
}

export function deepClone<T>(v: T): T {
  return structuredClone(v);
}
