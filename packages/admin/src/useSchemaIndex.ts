import type { SchemaIndex } from './auto/introspection';
import { loadSchemaIndex } from './schemaIndex';
import { useLoaded, type Loaded } from './useLoaded';

/** Reads the schema once (introspection is open without a token) before <Admin> renders. */
export const useSchemaIndex = (): Loaded<{ schema: SchemaIndex }> => useLoaded(() => loadSchemaIndex().then(schema => ({ schema })), []);
