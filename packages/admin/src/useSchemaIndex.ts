import { useEffect, useState } from 'react';
import type { SchemaIndex } from './auto/introspection';
import { loadSchemaIndex } from './schemaIndex';

type SchemaState = { status: 'loading' } | { status: 'ready'; schema: SchemaIndex } | { status: 'error'; error: Error };

/** Reads the schema once (introspection is open without a token) before <Admin> renders. */
export const useSchemaIndex = (): SchemaState => {
    const [state, setState] = useState<SchemaState>({ status: 'loading' });
    useEffect(() => {
        let active = true;
        loadSchemaIndex().then(
            schema => active && setState({ status: 'ready', schema }),
            (error: unknown) =>
                active && setState({ status: 'error', error: error instanceof Error ? error : new Error(String(error)) }),
        );
        return () => {
            active = false;
        };
    }, []);
    return state;
};
