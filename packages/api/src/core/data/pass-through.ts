import { isObjectType, type GraphQLSchema } from 'graphql';
import { COMPILED } from './shape';

/**
 * Field resolvers of the resources' types (field guards, nested loaders) are for rows read through
 * the ORM. A compiled row already holds each field as the viewer may see it, so for it every such
 * resolver hands on the value: no per-field guard, loader or entity on the hot path.
 */
export function passCompiledThrough(schema: GraphQLSchema, typeNames: readonly string[]): GraphQLSchema {
  const names = new Set(typeNames);
  for (const type of Object.values(schema.getTypeMap())) {
    if (!isObjectType(type) || !names.has(type.name)) continue;
    for (const field of Object.values(type.getFields())) {
      const resolve = field.resolve;
      if (!resolve) continue;
      field.resolve = (root, args, ctx, info) => (root?.[COMPILED] ? root[info.fieldName] : resolve(root, args, ctx, info));
    }
  }
  return schema;
}
