import type { Rel } from '@mikro-orm/core';
import { EnumField, JsonField, RefField, Resource, TenantEntity, TextField } from '../resource';
import { defineEnum, type EnumOf } from '../resource/enums';
import { JSONResolver as GraphQLJSON } from 'graphql-scalars';
import type { BaseEntity } from '../resource/base.entity';

export const AuditAction = defineEnum('AuditAction', '操作类型', {
  CREATE: '新建',
  UPDATE: '修改',
  STATE_CHANGE: '状态变更',
  DELETE: '删除',
  VIEW: '查看敏感信息',
  LOGIN: '登录',
});
export type AuditAction = EnumOf<typeof AuditAction>;

/**
 * 操作日志: who changed or viewed what, when, written in the transaction of the change itself.
 * Sensitive values are redacted; nobody can edit or delete an event through the API.
 */
@Resource({
  label: '操作日志',
  area: 'system',
  display: 'resource',
  search: ['actorName', 'recordLabel', 'resource', 'recordId'],
  defaultSort: { field: 'createdAt', order: 'DESC' },
  // What a clerk reads the trail for; request and record ids stay in the column picker.
  listFields: ['createdAt', 'actorName', 'role', 'action', 'resource', 'recordLabel'],
  operations: { create: false, update: false, delete: false },
})
export class AuditEvent extends TenantEntity {
  // By name: core knows no entity of the application's (the user table is the application's).
  @RefField('操作人', 'User', { nullable: true, writable: false, onDelete: 'set null' })
  actor?: Rel<BaseEntity> | null;

  @TextField('操作人名称', { writable: false, index: true })
  actorName!: string;

  // The application's role and resource enums, by name: shown as 局管理员 and 学生. The columns
  // stay text, so an event is never refused for a value core did not foresee.
  @EnumField('角色', 'Role', { writable: false, nullable: true })
  role?: string | null;

  @EnumField('操作类型', AuditAction, { writable: false, index: true })
  action!: AuditAction;

  @EnumField('资源', 'ResourceName', { writable: false, index: true })
  resource!: string;

  @TextField('记录编号', { writable: false, nullable: true, index: true, technical: true })
  recordId?: string | null;

  /**
   * The record's name when the event was written (a student's name, a school's), unless the
   * resource names its records by a redacted kind (an address): the record may be gone since.
   * Read as a name, under the role's field rules.
   */
  @TextField('记录', { writable: false, nullable: true, sensitive: 'NAME' })
  recordLabel?: string | null;

  @JsonField('涉及记录', () => GraphQLJSON, () => GraphQLJSON, { writable: false, nullable: true, technical: true })
  recordIds?: string[] | null;

  @JsonField('涉及字段', () => [String], () => [String], { writable: false, default: () => [] })
  fields!: string[];

  @JsonField('修改前', () => GraphQLJSON, () => GraphQLJSON, { writable: false, nullable: true })
  before?: Record<string, unknown> | null;

  @JsonField('修改后', () => GraphQLJSON, () => GraphQLJSON, { writable: false, nullable: true })
  after?: Record<string, unknown> | null;

  @TextField('请求编号', { writable: false, nullable: true, index: true, technical: true })
  requestId?: string | null;
}
