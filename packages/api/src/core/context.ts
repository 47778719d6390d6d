import type { EntityManager } from '@mikro-orm/postgresql';
import type { Role } from '../org/org.enums';
import type { Loaders } from './crud/loaders';
import type { ViewLog } from './audit/view-log';

/** Who is asking: filled from the bearer token on every request. */
export interface Viewer {
  /** The user's id; for an API token the token's own id (a token acts as itself, not as its creator). */
  userId: string;
  username: string;
  displayName: string | null;
  role: Role;
  bureauId: string;
  schoolId: string | null;
  staffId: string | null;
  /** A school admin's school with its attached kindergartens and teaching points. */
  schoolIds: string[];
  /** A teacher's own students: of the classes they head or teach, and paired with them. */
  studentIds: string[];
  /** Set when the request came with an integration API token instead of a login. */
  tokenId?: string;
}

export interface Context {
  em: EntityManager;
  viewer: Viewer | null;
  requestId: string;
  loaders: Loaders;
  /** Full reads of audited sensitive fields in this request. */
  views: ViewLog;
  /** The client's address, for login throttling. */
  clientAddress: string;
}
