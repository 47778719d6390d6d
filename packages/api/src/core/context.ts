import type { LoginThrottle } from './auth/throttle';
import type { EntityManager } from '@mikro-orm/postgresql';
import type { Loaders } from './crud/loaders';
import type { ViewLog } from './audit/view-log';
import type { DataGateway } from './data/gateway';
import type { ScopedOrm } from './data/scoped-orm';
import type { WriteKey } from './crud/write-key';

/** Who is asking: filled from the bearer token on every request. */
export interface Viewer {
  /** The user's id; for an API token the token's own id (a token acts as itself, not as its creator). */
  userId: string;
  username: string;
  displayName: string | null;
  /** The user's role, a key of the installed policy (src/policy.ts). */
  role: string;
  bureauId: string;
  schoolId: string | null;
  staffId: string | null;
  /** A school admin's school with its attached kindergartens and teaching points. */
  schoolIds: string[];
  /** A teacher's own students: of the classes they head or teach, and paired with them. */
  studentIds: string[];
  /** Students beyond that reach the policy's grants open to reading (a case's child who left the roster). */
  grantedStudentIds?: string[];
  /** Logged in with a one-time password: only changePassword and me answer until it is changed. */
  mustChangePassword?: boolean;
  /** Set when the request came with an integration API token instead of a login. */
  tokenId?: string;
}

export interface Context {
  em: EntityManager;
  viewer: Viewer | null;
  requestId: string;
  loaders: Loaders;
  /** Every read of rows goes through it: scope and field rules in one place. */
  data: DataGateway;
  /** The same scope over ORM entities, for writes, exports, forms and workflow queries. */
  scoped: ScopedOrm;
  /** Full reads of audited sensitive fields in this request. */
  views: ViewLog;
  /** The client's address, for login throttling. */
  clientAddress: string;
  /** Failed logins, counted in the store every process shares. */
  loginThrottle: LoginThrottle;
  /** The request's Idempotency-Key: its first write is done once, whatever the copies. */
  writeKey?: WriteKey;
}
