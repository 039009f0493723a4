// One traversal of DuckDB's parse tree, shared by the guard (which inspects) and the translator (which
// rewrites). It knows every node kind a Trino SELECT can produce and refuses any other kind, so a
// construct this code has never seen can never slip past the guard unexamined. It also tracks which
// CTE names are in scope, so a table name can be told apart from a reference to a WITH query.
import { SqlRejectedError } from '../errors/engine-error';
import { type AstNode, type Expr, type QueryNode, type TableRef, isExpr } from './ast';

/** Deepest expression/query nesting accepted. */
export const MAX_AST_DEPTH = 200;

export interface WalkContext {
  /** CTE names (lower case) visible at this point. */
  readonly ctes: ReadonlySet<string>;
  readonly depth: number;
  /** True for the outermost query node (whose select list names the result columns). */
  readonly outermost: boolean;
}

export interface WalkHooks {
  /** Called on every query node before its children. */
  query?(node: QueryNode, ctx: WalkContext): void;
  /** Called on every FROM item after its children; may return a replacement. */
  table?(ref: TableRef, ctx: WalkContext): TableRef | void;
  /** Called on every expression after its children (post-order); may return a replacement. */
  expr?(e: Expr, ctx: WalkContext): Expr | void;
}

/** Refuses the query: `what` says what is wrong and, where useful, what to write instead. */
export function refuse(what: string): never {
  throw new SqlRejectedError(what);
}

function deeper(ctx: WalkContext, patch: Partial<WalkContext> = {}): WalkContext {
  const depth = ctx.depth + 1;
  if (depth > MAX_AST_DEPTH) refuse(`The query is nested too deeply (more than ${MAX_AST_DEPTH} levels).`);
  return { ...ctx, outermost: false, ...patch, depth };
}

export function walkQuery(node: QueryNode, hooks: WalkHooks): QueryNode {
  return visitQuery(node, hooks, { ctes: new Set(), depth: 0, outermost: true });
}

function visitQuery(node: QueryNode, hooks: WalkHooks, parent: WalkContext): QueryNode {
  if (!node || typeof node !== 'object') refuse('The query has an unexpected shape.');
  let ctx = parent.depth === 0 ? parent : deeper(parent, { outermost: parent.outermost });
  // WITH: each CTE sees the ones defined before it (not itself: recursive CTEs are refused), the body sees all.
  const entries: AstNode[] = node.cte_map?.map ?? [];
  if (entries.length > 0) {
    const scope = new Set(ctx.ctes);
    for (const entry of entries) {
      const value = entry.value ?? {};
      if ((value.key_targets ?? []).length > 0) refuse('WITH ... USING KEY is not supported.');
      const cteNode = value.query?.node;
      if (!cteNode) refuse('A WITH clause has an unexpected shape.');
      value.query.node = visitQuery(cteNode, hooks, { ...ctx, ctes: new Set(scope), outermost: false });
      scope.add(String(entry.key).toLowerCase());
    }
    ctx = { ...ctx, ctes: scope };
  }
  hooks.query?.(node, ctx);
  switch (node.type) {
    case 'SELECT_NODE':
      visitSelect(node, hooks, ctx);
      break;
    case 'SET_OPERATION_NODE': {
      const inner = { ...ctx, outermost: false };
      if (Array.isArray(node.children)) {
        node.children = node.children.map((c: QueryNode, i: number) =>
          visitQuery(c, hooks, { ...inner, outermost: ctx.outermost && i === 0 }),
        );
      } else {
        node.left = visitQuery(node.left, hooks, { ...inner, outermost: ctx.outermost });
        node.right = visitQuery(node.right, hooks, inner);
      }
      break;
    }
    case 'RECURSIVE_CTE_NODE':
      refuse('WITH RECURSIVE is not supported.');
    // falls through (refuse never returns)
    default:
      refuse(`Unsupported query form ${String(node.type)}.`);
  }
  visitModifiers(node, hooks, ctx);
  return node;
}

function visitModifiers(node: QueryNode, hooks: WalkHooks, ctx: WalkContext): void {
  for (const m of node.modifiers ?? []) {
    switch (m.type) {
      case 'ORDER_MODIFIER':
        for (const o of m.orders ?? []) o.expression = visitExpr(o.expression, hooks, ctx);
        break;
      case 'LIMIT_MODIFIER':
      case 'LIMIT_PERCENT_MODIFIER':
        m.limit = visitExprOpt(m.limit, hooks, ctx);
        m.offset = visitExprOpt(m.offset, hooks, ctx);
        break;
      case 'DISTINCT_MODIFIER':
        m.distinct_on_targets = (m.distinct_on_targets ?? []).map((e: Expr) => visitExpr(e, hooks, ctx));
        break;
      default:
        refuse(`Unsupported query modifier ${String(m.type)}.`);
    }
  }
}

function visitSelect(node: QueryNode, hooks: WalkHooks, ctx: WalkContext): void {
  if (node.sample) refuse('TABLESAMPLE / USING SAMPLE is not supported.');
  if (node.qualify) refuse('QUALIFY is not Trino SQL: filter window results in an outer query instead.');
  const inner = { ...ctx, outermost: false };
  node.from_table = visitTable(node.from_table, hooks, inner);
  node.select_list = (node.select_list ?? []).map((e: Expr) => visitExpr(e, hooks, ctx));
  node.where_clause = visitExprOpt(node.where_clause, hooks, inner);
  node.group_expressions = (node.group_expressions ?? []).map((e: Expr) => visitExpr(e, hooks, inner));
  node.having = visitExprOpt(node.having, hooks, inner);
}

function visitTable(ref: TableRef, hooks: WalkHooks, parent: WalkContext): TableRef {
  if (!ref || typeof ref !== 'object') refuse('The FROM clause has an unexpected shape.');
  const ctx = deeper(parent);
  if (ref.sample) refuse('TABLESAMPLE / USING SAMPLE is not supported.');
  switch (ref.type) {
    case 'EMPTY':
      break;
    case 'BASE_TABLE':
      if (ref.at_clause) refuse('Time travel (AT ...) is not supported.');
      break;
    case 'JOIN':
      if (ref.ref_type === 'ASOF' || ref.ref_type === 'POSITIONAL') refuse(`${ref.ref_type} JOIN is not Trino SQL.`);
      ref.left = visitTable(ref.left, hooks, ctx);
      ref.right = visitTable(ref.right, hooks, ctx);
      ref.condition = visitExprOpt(ref.condition, hooks, ctx);
      break;
    case 'SUBQUERY':
      ref.subquery.node = visitQuery(ref.subquery?.node, hooks, ctx);
      break;
    case 'TABLE_FUNCTION':
      if (!isExpr(ref.function) || ref.function.class !== 'FUNCTION') refuse('Unsupported table function form.');
      ref.function.children = (ref.function.children ?? []).map((e: Expr) => visitExpr(e, hooks, ctx));
      break;
    case 'EXPRESSION_LIST':
      ref.values = (ref.values ?? []).map((row: Expr[]) => row.map((e) => visitExpr(e, hooks, ctx)));
      break;
    case 'PIVOT':
      refuse('PIVOT / UNPIVOT is not supported.');
    // falls through
    case 'SHOW_REF':
      refuse('SHOW / DESCRIBE / SUMMARIZE are not supported: the schema listing documents the views.');
    // falls through
    default:
      refuse(`Unsupported FROM item ${String(ref.type)}.`);
  }
  return hooks.table?.(ref, ctx) ?? ref;
}

function visitExprOpt(e: Expr | null | undefined, hooks: WalkHooks, ctx: WalkContext): Expr | null {
  return e ? visitExpr(e, hooks, ctx) : null;
}

function visitList(list: Expr[] | undefined, hooks: WalkHooks, ctx: WalkContext): Expr[] {
  return (list ?? []).map((e) => visitExpr(e, hooks, ctx));
}

function visitExpr(e: Expr, hooks: WalkHooks, parent: WalkContext): Expr {
  if (!isExpr(e)) refuse('An expression has an unexpected shape.');
  const ctx = deeper(parent);
  switch (e.class) {
    case 'COLUMN_REF':
    case 'CONSTANT':
      break;
    case 'FUNCTION':
      if (e.export_state) refuse('EXPORT_STATE is not supported.');
      e.children = visitList(e.children, hooks, ctx);
      e.filter = visitExprOpt(e.filter, hooks, ctx);
      for (const o of e.order_bys?.orders ?? []) o.expression = visitExpr(o.expression, hooks, ctx);
      break;
    case 'WINDOW':
      e.children = visitList(e.children, hooks, ctx);
      e.partitions = visitList(e.partitions, hooks, ctx);
      for (const o of e.orders ?? []) o.expression = visitExpr(o.expression, hooks, ctx);
      for (const o of e.arg_orders ?? []) o.expression = visitExpr(o.expression, hooks, ctx);
      for (const k of ['start_expr', 'end_expr', 'offset_expr', 'default_expr', 'filter_expr']) {
        e[k] = visitExprOpt(e[k], hooks, ctx);
      }
      break;
    case 'CAST':
      e.child = visitExpr(e.child, hooks, ctx);
      break;
    case 'COMPARISON':
      e.left = visitExpr(e.left, hooks, ctx);
      e.right = visitExpr(e.right, hooks, ctx);
      break;
    case 'CONJUNCTION':
    case 'OPERATOR':
      e.children = visitList(e.children, hooks, ctx);
      break;
    case 'CASE':
      for (const c of e.case_checks ?? []) {
        c.when_expr = visitExpr(c.when_expr, hooks, ctx);
        c.then_expr = visitExpr(c.then_expr, hooks, ctx);
      }
      e.else_expr = visitExprOpt(e.else_expr, hooks, ctx);
      break;
    case 'BETWEEN':
      e.input = visitExpr(e.input, hooks, ctx);
      e.lower = visitExpr(e.lower, hooks, ctx);
      e.upper = visitExpr(e.upper, hooks, ctx);
      break;
    case 'SUBQUERY':
      e.subquery.node = visitQuery(e.subquery?.node, hooks, ctx);
      e.child = visitExprOpt(e.child, hooks, ctx);
      break;
    case 'LAMBDA':
      e.lhs = visitExpr(e.lhs, hooks, ctx);
      e.expr = visitExpr(e.expr, hooks, ctx);
      break;
    case 'STAR':
      if (e.columns || e.expr) refuse('COLUMNS(...) is not Trino SQL.');
      if ((e.exclude_list ?? []).length || (e.replace_list ?? []).length || (e.qualified_exclude_list ?? []).length) {
        refuse('SELECT * EXCLUDE / REPLACE is not Trino SQL: list the columns you want.');
      }
      if ((e.rename_list ?? []).length) refuse('SELECT * RENAME is not Trino SQL.');
      break;
    case 'PARAMETER':
      refuse('Query parameters ($1, ?) are not supported: write the values into the query.');
    // falls through
    case 'POSITIONAL_REFERENCE':
      refuse('Positional column references (#1) are not Trino SQL.');
    // falls through
    case 'COLLATE':
      refuse('COLLATE is not supported.');
    // falls through
    default:
      refuse(`Unsupported expression ${String(e.class)}.`);
  }
  return hooks.expr?.(e, ctx) ?? e;
}
