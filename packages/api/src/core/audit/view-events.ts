import type { ApolloServerPlugin } from '@apollo/server';
import type { MikroORM } from '@mikro-orm/core';
import { randomUUID } from 'node:crypto';
import type { Context, Viewer } from '../context';
import { AuditAction, AuditEvent } from './audit-event.entity';
import { describeForLog } from '../../db/error-log';

/** What one VIEW event says: which records and fields were read in full, and how. */
export interface ViewRecord {
  resource: string;
  ids?: string[];
  fields: string[];
  details?: Record<string, unknown>;
  requestId?: string;
}

/** Writes VIEW events for a viewer in one INSERT; a failure is logged, never shown to the reader. */
export async function writeViewEvents(orm: MikroORM, viewer: Viewer, views: ViewRecord[], log: (m: string) => void): Promise<void> {
  const now = new Date();
  const rows = views.map((v) => ({
    id: randomUUID(),
    version: 1,
    createdAt: now,
    updatedAt: now,
    bureau: viewer.bureauId,
    actor: viewer.tokenId ? null : viewer.userId,
    actorName: viewer.displayName ?? viewer.username,
    role: viewer.role,
    action: AuditAction.VIEW,
    resource: v.resource,
    recordId: v.ids?.length === 1 ? v.ids[0] : null,
    recordIds: v.ids ?? null,
    fields: v.fields,
    after: v.details ?? null,
    requestId: v.requestId ?? null,
  }));
  await orm.em.fork().insertMany(AuditEvent, rows as never).catch((err: Error) => log(`view audit failed: ${describeForLog(err)}`));
}

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
          await writeViewEvents(orm, viewer, entries.map((e) => ({ ...e, requestId: contextValue.requestId })), log);
        },
      };
    },
  };
}
