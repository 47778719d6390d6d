import { createContext, useContext, useMemo, type ReactNode } from 'react';
import { usePermissions } from 'react-admin';
import type { SchemaIndex } from './introspection';
import { buildAdminModel } from './model';
import type { Session } from './session';
import type { AdminModel } from './types';

const SchemaContext = createContext<SchemaIndex | null>(null);

export const SchemaProvider = ({ schema, children }: { schema: SchemaIndex; children: ReactNode }) => (
    <SchemaContext.Provider value={schema}>{children}</SchemaContext.Provider>
);

// One model per session object: react-admin hands the same permissions object until the next login.
const models = new WeakMap<Session, AdminModel>();

export const modelFor = (schema: SchemaIndex, session: Session): AdminModel => {
    let model = models.get(session);
    if (!model) {
        model = buildAdminModel(schema, session);
        models.set(session, model);
    }
    return model;
};

/** The indexed introspection, inside <Admin>. */
export const useSchema = (): SchemaIndex | null => useContext(SchemaContext);

/** The admin's model for the signed-in user, inside <Admin> (menu, dashboard); undefined while loading. */
export const useAdminModel = (): AdminModel | undefined => {
    const schema = useContext(SchemaContext);
    const { permissions } = usePermissions<Session | null>();
    return useMemo(() => (schema && permissions ? modelFor(schema, permissions) : undefined), [schema, permissions]);
};
