import { Property, type Rel } from '@mikro-orm/core';
import { DateTimeField, RefField, Resource, TenantEntity, TextField } from '../core/resource';
import { User } from '../org/user.entity';

/**
 * 接口令牌 for third-party dashboards: role INTEGRATION (report queries and de-identified
 * lists). The token is shown once at creation; only its SHA-256 is kept.
 */
@Resource({
  label: '接口令牌',
  area: 'system',
  display: 'name',
  search: ['name', 'prefix'],
  defaultSort: { field: 'createdAt', order: 'DESC' },
  // Created by createApiToken (which shows the token once), ended by revokeApiToken.
  operations: { create: false, delete: false },
})
export class ApiToken extends TenantEntity {
  @TextField('名称', { search: true, maxLength: 60 })
  name!: string;

  @TextField('令牌前缀', { writable: false })
  prefix!: string;

  @Property({ type: 'text', unique: true })
  tokenHash!: string;

  @DateTimeField('有效期至', { nullable: true, writable: 'create' })
  expiresAt?: Date | null;

  @DateTimeField('吊销时间', { nullable: true, writable: false })
  revokedAt?: Date | null;

  @DateTimeField('最近使用', { nullable: true, writable: false })
  lastUsedAt?: Date | null;

  @RefField('创建人', () => User, { nullable: true, writable: false, onDelete: 'set null' })
  createdBy?: Rel<User> | null;
}
