import { buildSchemaIndex, type SchemaIndex } from './auto/introspection';
import { getIntrospection } from './graphqlProvider';

let loading: Promise<SchemaIndex> | undefined;

/** The schema, indexed once for the whole app (screens, data provider, session). */
export const loadSchemaIndex = (): Promise<SchemaIndex> => {
    loading ??= getIntrospection().then(buildSchemaIndex);
    return loading;
};
