import { getDirectiveValues, GraphQLIncludeDirective, GraphQLSkipDirective, Kind, type FieldNode, type GraphQLResolveInfo, type SelectionSetNode } from 'graphql';

/**
 * The fields asked of one object, by field name (aliases of a field merged, fragments inlined,
 * @skip/@include applied). `null` for a leaf; `args` when a field was given arguments, which the
 * read compiler does not take.
 */
export interface Selection {
  fields: Map<string, Selection | null>;
  args: boolean;
  /** No alias other than the field's name: the answer's keys are the field names. */
  plain: boolean;
  /** Where __typename was asked among the fields (how many came before it), if it was. */
  typenameAt?: number;
}

/** The selection under the field being resolved. */
export function selectionOf(info: GraphQLResolveInfo): Selection {
  const sel: Selection = { fields: new Map(), args: false, plain: true };
  for (const node of info.fieldNodes) if (node.selectionSet) collect(node.selectionSet, sel, info);
  return sel;
}

function included(node: FieldNode | { directives?: FieldNode['directives'] }, info: GraphQLResolveInfo): boolean {
  if (!node.directives?.length) return true;
  if (getDirectiveValues(GraphQLSkipDirective, node as FieldNode, info.variableValues)?.if === true) return false;
  return getDirectiveValues(GraphQLIncludeDirective, node as FieldNode, info.variableValues)?.if !== false;
}

function collect(set: SelectionSetNode, into: Selection, info: GraphQLResolveInfo): void {
  for (const node of set.selections) {
    if (!included(node, info)) continue;
    if (node.kind === Kind.FIELD) {
      const name = node.name.value;
      if (node.alias && node.alias.value !== name) into.plain = false;
      if (name === '__typename') {
        into.typenameAt ??= into.fields.size;
        continue;
      }
      if (node.arguments?.length) into.args = true;
      if (!node.selectionSet) {
        if (!into.fields.has(name)) into.fields.set(name, null);
        continue;
      }
      let child = into.fields.get(name);
      if (!child) into.fields.set(name, (child = { fields: new Map(), args: false, plain: true }));
      collect(node.selectionSet, child, info);
    } else if (node.kind === Kind.INLINE_FRAGMENT) {
      collect(node.selectionSet, into, info);
    } else {
      const fragment = info.fragments[node.name.value];
      if (fragment) collect(fragment.selectionSet, into, info);
    }
  }
}
