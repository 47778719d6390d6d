import {
  coerceInputValue, getArgumentValues, getNullableType, getVariableValues, isInputObjectType, isListType, isScalarType, Kind, TypeInfo, typeFromAST, visit, visitWithTypeInfo,
  type DocumentNode, type FieldNode, type GraphQLField, type GraphQLInputType, type GraphQLSchema, type OperationDefinitionNode,
} from 'graphql';
import type { ApolloServerPlugin } from '@apollo/server';
import { badField } from '../errors';
import { textProblem } from './text';
import { UUID } from '../crud/where';

/**
 * One check of every value a request hands the API, before any resolver runs, by the value's
 * GraphQL type: text free of NUL bytes and lone surrogates and no longer than any stored text
 * field (4,000 characters), ids that are UUIDs, dates within 1900–2100. Each is BAD_USER_INPUT
 * naming the field, instead of a database refusal deep inside a write (an internal error).
 * Declared lengths and formats of each field are the write rules' (applyInput); filters check
 * theirs in where.ts.
 */

export const MAX_TEXT = 4000;
const YEARS = { min: 1900, max: 2100 };

export interface GuardOptions {
  /** `field.argument` coordinates whose strings are bounded by the body limit only (a file's base64). */
  uncapped?: readonly string[];
}

/** Checks a value of an input type; throws BAD_USER_INPUT for the first problem. */
export function checkValue(type: GraphQLInputType, value: unknown, field: string, path: string, options: GuardOptions = {}): void {
  if (value === null || value === undefined) return;
  const t = getNullableType(type);
  if (isListType(t)) {
    if (Array.isArray(value)) value.forEach((v, i) => checkValue(t.ofType, v, field, `${path}.${i}`, options));
    return;
  }
  if (isInputObjectType(t)) {
    const fields = t.getFields();
    for (const [name, v] of Object.entries(value as Record<string, unknown>)) {
      if (fields[name]) checkValue(fields[name].type, v, name, `${path}.${name}`, options);
    }
    return;
  }
  if (!isScalarType(t)) return;
  const problem = scalarProblem(t.name, value, field, path, options);
  if (problem) {
    const error = badField(field, problem.message, problem.rule);
    error.extensions.path = path;
    error.extensions.http = { status: 400 };
    throw error;
  }
}

function scalarProblem(scalar: string, value: unknown, field: string, path: string, options: GuardOptions): { rule: string; message: string } | null {
  if (scalar === 'String' && typeof value === 'string') {
    const found = textProblem(value, field);
    if (found) return found;
    if (value.length > MAX_TEXT && !options.uncapped?.includes(path.split('.').slice(0, 2).join('.'))) {
      return { rule: 'TOO_LONG', message: `${field}过长（最多 ${MAX_TEXT} 个字符）` };
    }
  }
  if (scalar === 'ID' && (typeof value !== 'string' || !UUID.test(value))) return { rule: 'ID_FORMAT', message: `${field} 不是有效的编号` };
  const year = scalar === 'LocalDate' && typeof value === 'string' ? Number(value.slice(0, 4)) : scalar === 'DateTimeISO' && value instanceof Date ? value.getUTCFullYear() : null;
  if (year !== null && (year < YEARS.min || year > YEARS.max)) return { rule: 'DATE_RANGE', message: `${field}的年份应在 ${YEARS.min}–${YEARS.max} 之间` };
  return null;
}

/** A value from outside GraphQL (a download's JSON filter) coerced and checked as if it were an argument. */
export function coerceAndCheck(type: GraphQLInputType, value: unknown, field: string): unknown {
  const coerced = coerceInputValue(value, type, (path, _invalid, error) => {
    throw badField(path.length ? String(path[path.length - 1]) : field, error.message, 'SCHEMA');
  });
  checkValue(type, coerced, field, field);
  return coerced;
}

/** A field with arguments in an operation, found once per parsed operation. */
interface ArgumentSite {
  def: GraphQLField<unknown, unknown>;
  node: FieldNode;
  /** Its values depend on the request's variables; otherwise they are the document's own. */
  usesVariables: boolean;
}

const sitesMemo = new WeakMap<GraphQLSchema, WeakMap<OperationDefinitionNode, ArgumentSite[]>>();
/** Operations whose literal arguments passed once: literals cannot change between requests. */
const literalsPassed = new WeakSet<OperationDefinitionNode>();

function argumentSites(schema: GraphQLSchema, document: DocumentNode, operation: OperationDefinitionNode): ArgumentSite[] {
  let bySchema = sitesMemo.get(schema);
  if (!bySchema) sitesMemo.set(schema, (bySchema = new WeakMap()));
  let sites = bySchema.get(operation);
  if (sites) return sites;
  const found: ArgumentSite[] = [];
  const typeInfo = new TypeInfo(schema);
  const visitor = visitWithTypeInfo(typeInfo, {
    Field(node) {
      const def = typeInfo.getFieldDef();
      if (!def || !node.arguments?.length) return;
      let usesVariables = false;
      for (const arg of node.arguments) visit(arg, { Variable: () => void (usesVariables = true) });
      found.push({ def, node, usesVariables });
    },
  });
  // The operation, and the fragments it may spread (other operations of the document are not run).
  for (const definition of document.definitions) {
    if (definition === operation || definition.kind === Kind.FRAGMENT_DEFINITION) visit(definition, visitor);
  }
  bySchema.set(operation, (sites = found));
  return sites;
}

/**
 * Every argument of an operation, literal or from a variable, checked as above: the document is
 * walked once per parsed operation, its literal arguments checked until they have passed once,
 * the arguments that use variables on every request. Values that do not even fit their types are
 * left to GraphQL's own validation, which answers them.
 */
export function checkOperation(schema: GraphQLSchema, document: DocumentNode, operation: OperationDefinitionNode, variables: Record<string, unknown> | undefined, options: GuardOptions = {}): void {
  const coerced = operation.variableDefinitions?.length ? getVariableValues(schema, operation.variableDefinitions, variables ?? {}, { maxErrors: 1 }) : { coerced: {} };
  if (coerced.errors) return;
  const literalsToo = !literalsPassed.has(operation);
  // Literals that passed cannot change: only the variables' values can, and each stands where its
  // declared type allows, so one without a problem by that type (no text uncapped) is one without
  // a problem where it is used. Only a value with one is walked to, to be named where it stands.
  if (!literalsToo && variablesPass(schema, operation, coerced.coerced)) return;
  for (const { def, node, usesVariables } of argumentSites(schema, document, operation)) {
    if (!usesVariables && !literalsToo) continue;
    let args: Record<string, unknown>;
    try {
      args = getArgumentValues(def, node, coerced.coerced);
    } catch {
      continue;
    }
    for (const arg of def.args) checkValue(arg.type, args[arg.name], arg.name, `${def.name}.${arg.name}`, options);
  }
  literalsPassed.add(operation);
}

const declaredMemo = new WeakMap<OperationDefinitionNode, Array<{ name: string; type: GraphQLInputType | undefined }>>();

function variablesPass(schema: GraphQLSchema, operation: OperationDefinitionNode, values: Record<string, unknown>): boolean {
  let declared = declaredMemo.get(operation);
  if (!declared) {
    declared = (operation.variableDefinitions ?? []).map((d) => ({ name: d.variable.name.value, type: typeFromAST(schema, d.type) as GraphQLInputType | undefined }));
    declaredMemo.set(operation, declared);
  }
  try {
    for (const { name, type } of declared) {
      if (!type) return false;
      checkValue(type, values[name], name, name);
    }
  } catch {
    return false;
  }
  return true;
}

/** The check as an Apollo plugin: it runs for every request, signed in or not. */
export function inputGuard(options: GuardOptions = {}): ApolloServerPlugin {
  return {
    async requestDidStart() {
      return {
        async didResolveOperation({ schema, document, operation, request }) {
          if (operation) checkOperation(schema, document, operation, request.variables, options);
        },
      };
    },
  };
}

