import { Arg, Ctx, ID, Mutation, Resolver } from 'type-graphql';
import type { Context } from '../core/context';
import { badField } from '../core/errors';
import { Attachment, AttachmentKind } from './attachment.entity';
import { storeAttachment } from './store-attachment';

@Resolver()
export class AttachmentResolver {
  @Mutation(() => Attachment, {
    description:
      '上传小附件（内容为 Base64，整个请求体不超过 1 MB，即文件约 750 KB 以内；支持 JPG、PNG、WebP、PDF、DOCX、XLSX）。' +
      '较大的文件（不超过 10 MB）请用 POST /files（multipart/form-data）上传',
  })
  async uploadAttachment(
    @Arg('kind', () => AttachmentKind) kind: AttachmentKind,
    @Arg('fileName', () => String) fileName: string,
    @Arg('contentBase64', () => String, { description: '文件内容（Base64）' }) contentBase64: string,
    @Arg('dropoutCaseId', () => ID, { nullable: true }) dropoutCaseId: string | null,
    @Arg('visitId', () => ID, { nullable: true }) visitId: string | null,
    @Arg('documentId', () => ID, { nullable: true, description: '档案资料（控辍保学档案）' }) documentId: string | null,
    @Ctx() ctx: Context,
  ): Promise<Attachment> {
    if (!/^[A-Za-z0-9+/]*={0,2}$/.test(contentBase64)) throw badField('contentBase64', '文件内容不是有效的 Base64', 'BASE64');
    const content = Buffer.from(contentBase64, 'base64');
    return storeAttachment(ctx, { kind, fileName, content, dropoutCaseId, visitId, documentId }, 'contentBase64');
  }
}
