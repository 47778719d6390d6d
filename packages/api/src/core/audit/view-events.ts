import type { ApolloServerPlugin } from '@apollo/server';
import type { MikroORM } from '@mikro-orm/core';
import { randomUUID } from 'node:crypto';
import type { Context } from '../context';
import { AuditAction, AuditEvent } from '../../audit/audit-event.entity';

/**
 * After a response that showed 身份证号 or poverty and disability categories in full, one
 * VIEW event per resource records who saw which records, in one INSERT.
 */
export function viewEvents(orm: MikroORM, log: (m: string) => void): ApolloServerPlugin<Context> {
  return {
    async requestDidStart() {
      return {
        async willSendResponse({ contextValue }) {
          const viewer = contextValue.viewer;
          const entries = contextValue.views?.entries() ?? [];
          if (!viewer || entries.length === 0) return;
          const now = new Date();
          const rows = entries.map((e) => ({
            id: randomUUID(),
            version: 1,
            createdAt: now,
            updatedAt: now,
            bureau: viewer.bureauId,
            actor: viewer.tokenId ? null : viewer.userId,
            actorName: viewer.displayName ?? viewer.username,
            role: viewer.role,
            action: AuditAction.VIEW,
            resource: e.resource,
            recordId: e.ids.length === 1 ? e.ids[0] : null,
            recordIds: e.ids,
            fields: e.fields,
            requestId: contextValue.requestId,
          }));
          await orm.em.fork().insertMany(AuditEvent, rows as never).catch((err: Error) => log(`view audit failed: ${err.message}`));
        },
      };
    },
  };
}
