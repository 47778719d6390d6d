import { createHash } from 'node:crypto';
import type { Context, Viewer } from '../core/context';
import { resourceOf } from '../core/resource/registry';
import { assertCan } from '../core/access/policy';
import { badField } from '../core/errors';
import { createRecordWith, viewerOf } from '../core/crud/mutations';
import { Attachment, type AttachmentKind } from './attachment.entity';
import { User } from '../org/user.entity';
import { detectFileType, MAX_ATTACHMENT_BYTES } from './file-types';

// The one place the rules of a new file live: uploadAttachment (base64 in GraphQL) and
// POST /files (multipart) both store through here.

export interface NewAttachment {
  kind: AttachmentKind;
  fileName: string;
  content: Buffer;
  dropoutCaseId?: string | null;
  visitId?: string | null;
  documentId?: string | null;
}

/** `10 MB`: how the cap is named in messages. */
export function sizeLabel(bytes: number): string {
  const mb = bytes / 1024 / 1024;
  return mb >= 1 ? `${Number.isInteger(mb) ? mb : mb.toFixed(1)} MB` : `${Math.ceil(bytes / 1024)} KB`;
}

export const FILE_TYPES_LABEL = 'JPG、PNG、WebP、PDF、DOCX、XLSX';

/** The file is larger than the cap (rule FILE_TOO_LARGE), `field` naming where it came from. */
export function fileTooLarge(field: string) {
  const error = badField(field, `文件超过 ${sizeLabel(MAX_ATTACHMENT_BYTES)}，请压缩或拆分后再上传`, 'FILE_TOO_LARGE');
  error.extensions.max = MAX_ATTACHMENT_BYTES;
  return error;
}

/** Refuses a role that may not add files, so an upload can be refused before its body is read. */
export function assertMayUpload(viewer: Viewer): void {
  assertCan(viewer, resourceOf(Attachment), 'create');
}

/**
 * Checks and stores one file: not empty, within MAX_ATTACHMENT_BYTES, a kept type by its first
 * bytes (never the declared type), owned by a case, a visit or an archive document within the viewer's reach, written
 * with its audit event. `field` names the content in refusals (`contentBase64`, `file`).
 */
export async function storeAttachment(ctx: Context, file: NewAttachment, field: string): Promise<Attachment> {
  const viewer = viewerOf(ctx);
  assertMayUpload(viewer);
  const { content, fileName } = file;
  if (content.length === 0) throw badField(field, '文件为空', 'FILE_EMPTY');
  if (content.length > MAX_ATTACHMENT_BYTES) throw fileTooLarge(field);
  const mimeType = detectFileType(content, fileName);
  if (!mimeType) throw badField(field, `只接受 ${FILE_TYPES_LABEL} 文件`, 'FILE_TYPE');
  const input = { kind: file.kind, fileName, dropoutCaseId: file.dropoutCaseId ?? null, visitId: file.visitId ?? null, documentId: file.documentId ?? null };
  return createRecordWith(ctx, resourceOf(Attachment), input, (a) => {
    Object.assign(a, { mimeType, size: content.length, sha256: createHash('sha256').update(content).digest('hex'), content });
    a.uploadedBy = ctx.em.getReference(User, viewer.userId);
  }) as Promise<Attachment>;
}
