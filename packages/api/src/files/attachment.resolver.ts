import { createHash } from 'node:crypto';
import { Arg, Ctx, ID, Mutation, Resolver } from 'type-graphql';
import type { Context } from '../core/context';
import { resourceOf } from '../core/resource/registry';
import { badField } from '../core/errors';
import { createRecordWith } from '../core/crud/mutations';
import { Attachment, AttachmentKind } from './attachment.entity';
import { User } from '../org/user.entity';
import { detectFileType, MAX_ATTACHMENT_BYTES } from './file-types';

@Resolver()
export class AttachmentResolver {
  @Mutation(() => Attachment, { description: '上传附件（内容为 Base64，单个文件不超过 10 MB；支持 JPG、PNG、WebP、PDF、DOCX、XLSX）' })
  async uploadAttachment(
    @Arg('kind', () => AttachmentKind) kind: AttachmentKind,
    @Arg('fileName', () => String) fileName: string,
    @Arg('contentBase64', () => String, { description: '文件内容（Base64）' }) contentBase64: string,
    @Arg('dropoutCaseId', () => ID, { nullable: true }) dropoutCaseId: string | null,
    @Arg('visitId', () => ID, { nullable: true }) visitId: string | null,
    @Ctx() ctx: Context,
  ): Promise<Attachment> {
    if (!/^[A-Za-z0-9+/]*={0,2}$/.test(contentBase64)) throw badField('contentBase64', '文件内容不是有效的 Base64', 'BASE64');
    const content = Buffer.from(contentBase64, 'base64');
    if (content.length === 0) throw badField('contentBase64', '文件为空', 'FILE_EMPTY');
    if (content.length > MAX_ATTACHMENT_BYTES) {
      throw badField('contentBase64', `文件超过 ${Math.round(MAX_ATTACHMENT_BYTES / 1024 / 1024)} MB`, 'FILE_TOO_LARGE');
    }
    const mimeType = detectFileType(content, fileName);
    if (!mimeType) throw badField('contentBase64', '只接受 JPG、PNG、WebP、PDF、DOCX、XLSX 文件', 'FILE_TYPE');
    return createRecordWith(ctx, resourceOf(Attachment), { kind, fileName, dropoutCaseId, visitId }, (a) => {
      Object.assign(a, { mimeType, size: content.length, sha256: createHash('sha256').update(content).digest('hex'), content });
      a.uploadedBy = ctx.em.getReference(User, ctx.viewer!.userId);
    }) as Promise<Attachment>;
  }
}
