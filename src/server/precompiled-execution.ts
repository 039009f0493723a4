// Precompiled execution of the queries clients send again and again. A paged `queryResults` read
// completes some 700 values; graphql-js works out each one's type at run time, graphql-jit compiles the
// document once into code that knows them. Plugged in through Apollo's executor hook (its gateway
// interface), so parsing, validation, operation limits, trusted documents and error masking stay
// Apollo's. Only query operations whose arguments take no input objects are compiled (graphql-jit
// does not fill in input fields' defaults); a document is compiled the second time it is seen, so a
// one-off query does not pay for compiling. Everything else runs on graphql-js as before.
//
// Once compiled, a query can also be answered straight from HTTP (`answer`): Apollo's request
// pipeline around an execution (hashing the text, looking the document up, plugin hooks, content
// negotiation, the response head) cost as much as the execution itself. Only a plain POST body with
// exactly the text and operation name of a compiled query, and variables that coerce, is answered
// that way, and only when it succeeds; anything else goes to Apollo, which answers as it always has.
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
import { LRUCache } from 'lru-cache';

/** Compile a document's operation once it has been seen this many times. */
const COMPILE_AFTER = 2;

interface Compilation {
  seen: number;
  compilable: boolean;
  compiled?: CompiledQuery;
}

/** A compiled query as a request names it: its exact text and operation name. */
interface KnownQuery {
  compiled: CompiledQuery;
  operation: OperationDefinitionNode;
}

/** Where `answer` leaves a result with errors on the context, for `execute` to hand to Apollo. */
const HANDED_OVER = Symbol('precompiled result');

/** Requests remembered by text: a client sends a handful of documents, so this stays small. */
const KNOWN_QUERIES = 500;

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

const textKey = (operationName: string | null | undefined, text: string) => `${operationName ?? ''}\u0000${text}`;

export class PrecompiledExecution {
  private readonly byDocument = new WeakMap<DocumentNode, Map<string, Compilation>>();
  private readonly byText = new LRUCache<string, KnownQuery>({ max: KNOWN_QUERIES });
  private compilations = 0;
  private directAnswers = 0;

  constructor(private readonly schema: GraphQLSchema) {}

  /** Operations compiled since start (the amctl_graphql_precompiled_operations gauge). */
  get compiledCount(): number {
    return this.compilations;
  }

  /** Requests answered by `answer` without Apollo (the amctl_graphql_direct_answers_total counter). */
  get directCount(): number {
    return this.directAnswers;
  }

  readonly execute = async (rc: GatewayGraphQLRequestContext): Promise<ExecutionResult> => {
    // `answer` ran this request already and left its result for Apollo to finish the answer with.
    const handed = (rc.context as { [HANDED_OVER]?: ExecutionResult })[HANDED_OVER];
    if (handed) return handed;
    const variables = rc.request.variables ?? {};
    // No operation resolved (an unknown or missing operation name): graphql-js reports that, and
    // Apollo answers it as OPERATION_RESOLUTION_FAILURE.
    const compiled = rc.operation ? this.compiledFor(rc.document, rc.operation, rc.operationName) : undefined;
    if (compiled) {
      const known = { compiled, operation: rc.operation };
      if (rc.source !== undefined) this.byText.set(textKey(rc.request.operationName, rc.source), known);
      const result = await this.runCompiled(known, rc.context, variables);
      if (result) return result;
    }
    return execute({
      schema: this.schema,
      document: rc.document,
      variableValues: variables,
      // as sent: Apollo's resolved name is null when the name matches no operation
      operationName: rc.request.operationName,
      contextValue: rc.context,
    }) as Promise<ExecutionResult>;
  };

  /**
   * The JSON text of the answer to a POST body, made without Apollo, when the body asks for a
   * compiled query and the query succeeds. `context` is the request's resolver context, made the same
   * way as for Apollo; `mayRun` applies the checks Apollo's plugins make once the operation is known
   * (trusted documents) and throws as they would. Undefined, Apollo's turn with the same context, when:
   * - the body is anything but `query`, `operationName` and a `variables` object, or the text is not
   *   one compiled here (the caller then makes the context for Apollo itself);
   * - `mayRun` throws, or the variables do not coerce: Apollo runs its checks and answers the error;
   * - the execution has errors: the result is left on the context, and `execute` hands it to Apollo,
   *   which formats, masks and logs the errors as always. The query is not run twice.
   */
  async answer(body: unknown, context: () => Promise<object>, mayRun: (context: object, text: string) => void): Promise<string | undefined> {
    const known = this.knownFor(body);
    if (!known) return undefined;
    const { query, variables = {} } = body as { query: string; variables?: Record<string, unknown> };
    const ctx = await context();
    try {
      mayRun(ctx, query);
    } catch {
      return undefined;
    }
    const result = await this.runCompiled(known, ctx, variables);
    if (!result) return undefined;
    if (result.errors?.length) {
      (ctx as { [HANDED_OVER]?: ExecutionResult })[HANDED_OVER] = result;
      return undefined;
    }
    this.directAnswers++;
    // Apollo's own serialization of a result without errors or extensions (prettyJSONStringify)
    return `${JSON.stringify({ data: result.data })}\n`;
  }

  /**
   * Runs a compiled query, its errors as graphql-js's own. Undefined when the variables do not coerce:
   * graphql-js then reports them in its own words (and Apollo answers 400).
   */
  private async runCompiled({ compiled, operation }: KnownQuery, context: unknown, variables: Record<string, unknown>): Promise<ExecutionResult | undefined> {
    if (getVariableValues(this.schema, operation.variableDefinitions ?? [], variables).errors) return undefined;
    const result = (await compiled.query(undefined, context, variables)) as ExecutionResult;
    return result.errors?.length ? { ...result, errors: result.errors.map(asGraphQLError) } : result;
  }

  private knownFor(body: unknown): KnownQuery | undefined {
    if (typeof body !== 'object' || body === null || Array.isArray(body)) return undefined;
    const b = body as Record<string, unknown>;
    for (const key in b) if (key !== 'query' && key !== 'operationName' && key !== 'variables') return undefined;
    const { query, operationName, variables } = b;
    if (typeof query !== 'string') return undefined;
    if (operationName !== undefined && operationName !== null && typeof operationName !== 'string') return undefined;
    if (variables !== undefined && (typeof variables !== 'object' || variables === null || Array.isArray(variables))) return undefined;
    return this.byText.get(textKey(operationName, query));
  }

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
