import { Property, type Opt, type Rel } from '@mikro-orm/core';
import { BoolField, DateTimeField, EnumField, RefField, Resource, SecretField, TenantEntity, TextField } from '../core/resource';
import { hashPassword, passwordProblem } from '../core/auth/password';
import { Role } from './org.enums';
import { School } from './school.entity';
import { StaffMember } from './staff-member.entity';

/** A login. School-scoped roles carry the school; bureau-scoped roles leave it empty. */
@Resource({
  label: '账号',
  area: 'system',
  display: 'username',
  search: ['username', 'displayName'],
  validate: (r) =>
    (r.role === Role.SCHOOL_ADMIN || r.role === Role.TEACHER) && !r.school
      ? [{ field: 'schoolId', rule: 'USER_SCHOOL_REQUIRED', message: '学校管理员和教师账号必须指定学校' }]
      : [],
})
export class User extends TenantEntity {
  @TextField('用户名', { unique: true, search: true, validate: (v) => (/^[A-Za-z0-9_.@-]{3,40}$/.test(v) ? null : { rule: 'USERNAME_FORMAT', message: '用户名为3–40位字母、数字或 _.@-' }) })
  username!: string;

  @TextField('显示名', { nullable: true, maxLength: 30, sensitive: 'NAME' })
  displayName?: string;

  /** Never a GraphQL field: only `password` (write-only) reaches it. */
  @Property({ type: 'text' })
  passwordHash!: string;

  @SecretField('密码', 'passwordHash', hashPassword, { validate: passwordProblem })
  password?: string;

  /**
   * Carried by every login token; a token with an older one is refused. Raised by a trigger
   * (migration user_token_version) when the password changes or the account is disabled, so every
   * way of writing the row revokes the tokens. Never a GraphQL field.
   */
  @Property({ type: 'integer', default: 1 })
  tokenVersion: Opt<number> = 1;

  /**
   * A one-time password (`jiafang init`) is to be changed at first login: until then the account
   * may only call changePassword and me. Cleared by changePassword. Never a GraphQL field.
   */
  @Property({ type: 'boolean', default: false })
  mustChangePassword: Opt<boolean> = false;

  @EnumField('角色', Role, { index: true })
  role!: Role;

  @RefField('学校', () => School, { nullable: true })
  school?: Rel<School>;

  @RefField('教职工', () => StaffMember, { nullable: true })
  staff?: Rel<StaffMember>;

  @BoolField('启用', { default: () => true })
  active!: boolean;

  @DateTimeField('最近登录', { nullable: true, writable: false })
  lastLoginAt?: Date;
}
