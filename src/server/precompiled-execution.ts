// Precompiled execution of the queries clients send again and again. A paged `queryResults` read
// completes some 700 values; graphql-js works out each one's type at run time, graphql-jit compiles the
// document once into code that knows them. Plugged in through Apollo's executor hook (its gateway
// interface), so parsing, validation, operation limits, trusted documents and error masking stay
// Apollo's. Only query operations whose arguments take no input objects are compiled (graphql-jit
// does not fill in input fields' defaults); a document is compiled the second time it is seen, so a
// one-off query does not pay for compiling. Everything else runs on graphql-js as before.
import type { GatewayExecutor, GatewayGraphQLRequestContext, GatewayInterface } from '@apollo/server-gateway-interface';
import {
  GraphQLError,
  TypeInfo,
  execute,
  getNamedType,
  getVariableValues,
  isInputObjectType,
  typeFromAST,
  visit,
  visitWithTypeInfo,
  type DocumentNode,
  type ExecutionResult,
  type GraphQLSchema,
  type OperationDefinitionNode,
} from 'graphql';
import { compileQuery, isCompiledQuery, type CompiledQuery } from 'graphql-jit';

/** Compile a document's operation once it has been seen this many times. */
const COMPILE_AFTER = 2;

interface Compilation {
  seen: number;
  compilable: boolean;
  compiled?: CompiledQuery;
}

/** Whether graphql-jit runs this operation exactly as graphql-js would. */
export function compilable(schema: GraphQLSchema, document: DocumentNode, operation: OperationDefinitionNode): boolean {
  if (operation.operation !== 'query') return false;
  for (const v of operation.variableDefinitions ?? []) {
    const type = typeFromAST(schema, v.type as Parameters<typeof typeFromAST>[1]);
    if (!type || isInputObjectType(getNamedType(type))) return false;
  }
  let ok = true;
  const typeInfo = new TypeInfo(schema);
  visit(
    document,
    visitWithTypeInfo(typeInfo, {
      Argument() {
        const arg = typeInfo.getArgument();
        if (!arg || isInputObjectType(getNamedType(arg.type))) ok = false;
      },
    }),
  );
  return ok;
}

/**
 * graphql-jit's errors as graphql-js's own, so Apollo unwraps and masks them the same way. Its error
 * class inherits GraphQLError's prototype but leaves `extensions` undefined, which Apollo reads.
 */
function asGraphQLError(error: unknown): GraphQLError {
  if (error instanceof GraphQLError && error.constructor === GraphQLError) return error;
  const e = error as Pick<GraphQLError, 'message' | 'path' | 'originalError' | 'extensions' | 'locations'>;
  const err = new GraphQLError(e.message, { path: e.path, originalError: e.originalError ?? undefined, extensions: e.extensions });
  if (e.locations?.length) (err as { locations?: unknown }).locations = e.locations;
  return err;
}

export class PrecompiledExecution {
  private readonly byDocument = new WeakMap<DocumentNode, Map<string, Compilation>>();
  private compilations = 0;

  constructor(private readonly schema: GraphQLSchema) {}

  /** Operations compiled since start (the amctl_graphql_precompiled_operations gauge). */
  get compiledCount(): number {
    return this.compilations;
  }

  readonly execute = async (rc: GatewayGraphQLRequestContext): Promise<ExecutionResult> => {
    const variables = rc.request.variables ?? {};
    const compiled = this.compiledFor(rc.document, rc.operation, rc.operationName);
    // Variables that do not coerce get graphql-js's own error wording (and Apollo's 400).
    if (compiled && !getVariableValues(this.schema, rc.operation.variableDefinitions ?? [], variables).errors) {
      const result = (await compiled.query(undefined, rc.context, variables)) as ExecutionResult;
      return result.errors?.length ? { ...result, errors: result.errors.map(asGraphQLError) } : result;
    }
    return execute({
      schema: this.schema,
      document: rc.document,
      variableValues: variables,
      operationName: rc.operationName,
      contextValue: rc.context,
    }) as Promise<ExecutionResult>;
  };

  private compiledFor(document: DocumentNode, operation: OperationDefinitionNode, operationName: string | null): CompiledQuery | undefined {
    let ops = this.byDocument.get(document);
    if (!ops) this.byDocument.set(document, (ops = new Map()));
    const key = operationName ?? '';
    let c = ops.get(key);
    if (!c) ops.set(key, (c = { seen: 0, compilable: compilable(this.schema, document, operation) }));
    if (!c.compilable) return undefined;
    if (!c.compiled && ++c.seen >= COMPILE_AFTER) {
      let out: CompiledQuery | ExecutionResult | undefined;
      try {
        out = compileQuery(this.schema, document, operationName ?? undefined, { disablingCapturingStackErrors: true });
      } catch {
        // a document graphql-jit cannot compile runs on graphql-js, as before
      }
      if (out && isCompiledQuery(out)) {
        c.compiled = out;
        this.compilations++;
      } else c.compilable = false;
    }
    return c.compiled;
  }

  /** Apollo's gateway interface: the schema as it is, and this executor. */
  asApolloGateway(): GatewayInterface {
    const executor: GatewayExecutor = this.execute;
    return {
      onSchemaLoadOrUpdate: (callback) => {
        callback({ apiSchema: this.schema, coreSupergraphSdl: '' });
        return () => undefined;
      },
      load: async () => ({ executor }),
      stop: async () => undefined,
    };
  }
}
