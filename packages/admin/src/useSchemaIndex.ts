import { useEffect, useState } from 'react';
import { buildSchemaIndex, type SchemaIndex } from './auto/introspection';
import { getIntrospection } from './dataProvider';

type SchemaState = { status: 'loading' } | { status: 'ready'; schema: SchemaIndex } | { status: 'error'; error: Error };

/** Reads the schema once (introspection is open without a token) before <Admin> renders. */
export const useSchemaIndex = (): SchemaState => {
    const [state, setState] = useState<SchemaState>({ status: 'loading' });
    useEffect(() => {
        let active = true;
        getIntrospection().then(
            introspection => active && setState({ status: 'ready', schema: buildSchemaIndex(introspection) }),
            (error: unknown) =>
                active && setState({ status: 'error', error: error instanceof Error ? error : new Error(String(error)) }),
        );
        return () => {
            active = false;
        };
    }, []);
    return state;
};
