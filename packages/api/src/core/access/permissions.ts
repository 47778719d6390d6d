import { Field, ObjectType } from 'type-graphql';
import { defineEnum, type EnumOf } from '../resource/enums';
import type { Viewer } from '../context';
import type { ResourceSpec } from '../resource/spec';
import { can, canWriteField, policyOf, ruleOf } from './policy';

export const FieldVisibility = defineEnum('FieldVisibility', '字段可见性', {
  READ: '可见',
  MASKED: '部分遮蔽',
  HIDDEN: '不可见',
  BY_ROW: '视记录而定',
});
export type FieldVisibility = EnumOf<typeof FieldVisibility>;

@ObjectType('FieldPermission', { description: '字段权限' })
export class FieldPermission {
  @Field(() => String, { description: '字段' }) field!: string;
  @Field(() => FieldVisibility, { description: '可见性' }) read!: FieldVisibility;
  @Field(() => Boolean, { description: '修改时可编辑' }) editable!: boolean;
  @Field(() => Boolean, { description: '新建时可填写' }) creatable!: boolean;
}

@ObjectType('ResourcePermission', { description: '资源权限' })
export class ResourcePermission {
  @Field(() => String, { description: '资源（GraphQL 类型名）' }) resource!: string;
  @Field(() => [String], { description: '允许的操作：read、create、update、delete 及流程操作' }) operations!: string[];
  @Field(() => [FieldPermission], { description: '字段权限' }) fields!: FieldPermission[];
}

/** What the admin needs to show, mask, lock or hide, read from the same policy the API enforces. */
export function permissionsOf(viewer: Viewer, resources: ResourceSpec[]): ResourcePermission[] {
  return resources
    .filter((res) => can(viewer, res, 'read'))
    .map((res) => {
      const policy = policyOf(res);
      const operations = [...(policy.access[viewer.role] ?? [])];
      const fields = res.fields
        .filter((f) => f.kind !== 'secret' || f.writable)
        .map((f) => {
          const rule = ruleOf(res, f, viewer);
          const read: FieldVisibility =
            f.kind === 'secret' ? FieldVisibility.HIDDEN
            : typeof rule === 'function' ? FieldVisibility.BY_ROW
            : rule === 'full' ? FieldVisibility.READ
            : rule === 'masked' ? FieldVisibility.MASKED
            : FieldVisibility.HIDDEN;
          const writable = f.writable && canWriteField(res, f, viewer);
          return {
            field: f.gqlName,
            read,
            editable: writable && !f.createOnly && can(viewer, res, 'update'),
            creatable: writable && can(viewer, res, 'create'),
          };
        });
      return { resource: res.name, operations, fields };
    });
}
