// Operation limits checked at validation, before anything runs: nesting depth and a cost of 1 per
// field plus 10 per top-level field (each top-level field may reach the engine or the store, so
// aliasing one field many times is what this stops). Introspection fields are not counted: whether
// introspection is allowed at all is a separate switch.
import {
  GraphQLError,
  Kind,
  type FragmentDefinitionNode,
  type SelectionSetNode,
  type ValidationContext,
  type ValidationRule,
} from 'graphql';

export interface OperationLimits {
  maxDepth: number;
  maxCost: number;
}

export const ROOT_FIELD_COST = 10;

interface Measure {
  depth: number;
  cost: number;
}

function measure(
  set: SelectionSetNode,
  fragment: (name: string) => FragmentDefinitionNode | undefined | null,
  visiting: Set<string>,
  depth: number,
  root: boolean,
): Measure {
  let out: Measure = { depth, cost: 0 };
  for (const sel of set.selections) {
    let sub: Measure | undefined;
    if (sel.kind === Kind.FIELD) {
      if (sel.name.value.startsWith('__')) continue;
      const own = 1 + (root ? ROOT_FIELD_COST : 0);
      sub = sel.selectionSet ? measure(sel.selectionSet, fragment, visiting, depth + 1, false) : { depth: depth + 1, cost: 0 };
      sub = { depth: sub.depth, cost: sub.cost + own };
    } else if (sel.kind === Kind.INLINE_FRAGMENT) {
      sub = measure(sel.selectionSet, fragment, visiting, depth, root);
    } else {
      const name = sel.name.value;
      const def = fragment(name);
      if (!def || visiting.has(name)) continue; // unknown or cyclic: other rules report it
      visiting.add(name);
      sub = measure(def.selectionSet, fragment, visiting, depth, root);
      visiting.delete(name);
    }
    out = { depth: Math.max(out.depth, sub.depth), cost: out.cost + sub.cost };
  }
  return out;
}

export function operationLimitsRule(limits: OperationLimits): ValidationRule {
  return (context: ValidationContext) => ({
    OperationDefinition(op) {
      const m = measure(op.selectionSet, (n) => context.getFragment(n), new Set(), 0, true);
      const name = op.name ? `operation ${op.name.value}` : 'the operation';
      if (m.depth > limits.maxDepth) {
        context.reportError(
          new GraphQLError(`${name} nests ${m.depth} levels deep; the limit is ${limits.maxDepth}`, {
            nodes: [op],
            extensions: { code: 'BAD_USER_INPUT' },
          }),
        );
      }
      if (m.cost > limits.maxCost) {
        context.reportError(
          new GraphQLError(
            `${name} costs ${m.cost} (1 per field, ${ROOT_FIELD_COST} more per top-level field); the limit is ${limits.maxCost}: split it into smaller requests`,
            { nodes: [op], extensions: { code: 'BAD_USER_INPUT' } },
          ),
        );
      }
      return false;
    },
  });
}
