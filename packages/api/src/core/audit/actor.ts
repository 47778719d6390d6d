import type { EntityManager } from '@mikro-orm/core';
import type { Viewer } from '../context';

/** Who is behind the writes of a request's EntityManager, for the audit trail. */
export interface Actor {
  viewer: Viewer | null;
  requestId: string;
}

const actors = new WeakMap<object, Actor>();

export function setActor(em: EntityManager, actor: Actor): void {
  actors.set(em, actor);
}

export function actorOf(em: EntityManager): Actor | undefined {
  return actors.get(em);
}
