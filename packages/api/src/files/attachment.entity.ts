import { Property, type Rel } from '@mikro-orm/core';
import { EnumField, IntField, RefField, Resource, TenantEntity, TextField } from '../core/resource';
import { defineEnum, type EnumOf } from '../core/resource/enums';
import { User } from '../org/user.entity';
import { VisitRecord } from '../visit/visit-record.entity';
import { DropoutCase } from '../dropout/dropout-case.entity';
import type { Document } from '../archive/document.entity';

export const AttachmentKind = defineEnum('AttachmentKind', '附件类别', {
  EVIDENCE: '佐证材料',
  PHOTO: '照片',
  FORM: '表格/签字件',
  OTHER: '其他',
});
export type AttachmentKind = EnumOf<typeof AttachmentKind>;

/**
 * A file kept in PostgreSQL beside the record it documents (a dropout case's evidence, a visit's
 * photos). Uploaded with POST /files (multipart) or uploadAttachment (small files), downloaded
 * from /files/<id> by those who may read it.
 */
@Resource({
  label: '附件',
  area: 'system',
  display: 'fileName',
  search: ['fileName'],
  defaultSort: { field: 'createdAt', order: 'DESC' },
  // Files arrive through POST /files or uploadAttachment (both store with storeAttachment).
  operations: { create: false },
  validate: (a) =>
    (a.dropoutCase ? 1 : 0) + (a.visit ? 1 : 0) + (a.document ? 1 : 0) === 1
      ? []
      : [{ field: 'dropoutCaseId', rule: 'ONE_OWNER', message: '附件须且只能属于一个案件、一次家访或一份档案资料' }],
})
export class Attachment extends TenantEntity {
  @EnumField('类别', AttachmentKind, { index: true })
  kind!: AttachmentKind;

  @TextField('文件名', { search: true, maxLength: 200 })
  fileName!: string;

  @TextField('文件类型', { writable: false })
  mimeType!: string;

  @IntField('大小（字节）', { writable: false })
  size!: number;

  @TextField('SHA-256', { writable: false })
  sha256!: string;

  /** Never a GraphQL field, and loaded only for downloads. */
  @Property({ type: 'blob', lazy: true })
  content!: Buffer;

  @RefField('控辍保学案件', () => DropoutCase, { nullable: true, onDelete: 'cascade' })
  dropoutCase?: Rel<DropoutCase>;

  @RefField('家访记录', () => VisitRecord, { nullable: true, onDelete: 'cascade' })
  visit?: Rel<VisitRecord>;

  // By name: the archive's Document imports this file for its list of files.
  @RefField('档案资料', 'Document', { nullable: true, onDelete: 'cascade' })
  document?: Rel<Document>;

  @RefField('上传人', () => User, { nullable: true, writable: false })
  uploadedBy?: Rel<User>;
}
