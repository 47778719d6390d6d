import type { EntityManager } from '@mikro-orm/postgresql';
import type { Role } from '../org/org.enums';
import type { Loaders } from './crud/loaders';

/** Who is asking: filled from the bearer token on every request. */
export interface Viewer {
  userId: string;
  username: string;
  displayName: string | null;
  role: Role;
  bureauId: string;
  schoolId: string | null;
  staffId: string | null;
}

export interface Context {
  em: EntityManager;
  viewer: Viewer | null;
  requestId: string;
  loaders: Loaders;
}
