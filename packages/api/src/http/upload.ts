import { createHash } from 'node:crypto';
import type { Socket } from 'node:net';
import type express from 'express';
import busboy from 'busboy';
import { GraphQLError } from 'graphql';
import { badField } from '../core/errors';
import { textProblem } from '../core/validation/text';
import { UUID } from '../core/crud/where';
import { Attachment, AttachmentKind } from '../files/attachment.entity';
import type { Context } from '../core/context';
import { resourceOf } from '../core/resource/registry';
import { requestHash } from '../core/bulk/idempotency';
import { ALREADY_APPLIED } from '../core/crud/write-key';
import { detectFileType, MAX_ATTACHMENT_BYTES } from '../files/file-types';
import { assertMayUpload, FILE_TYPES_LABEL, fileTooLarge, storeAttachment } from '../files/store-attachment';
import { viewerRoute, type RouteServer } from './route';

/** Room for the form fields, part headers and boundaries beside the file itself. */
const FORM_OVERHEAD_BYTES = 64 * 1024;
/** Enough of a file's start for every signature file-types.ts knows (WebP's is at 8–12). */
const SNIFF_BYTES = 16;
const FIELDS = ['kind', 'dropoutCaseId', 'visitId', 'documentId'] as const;
type Fields = Partial<Record<(typeof FIELDS)[number], string>>;

interface Form {
  fields: Fields;
  file?: { fileName: string | undefined; content: Buffer };
}

/** An HTTP refusal with its own status (route.ts maps these codes), in the API's error shape. */
function refusal(code: 'PAYLOAD_TOO_LARGE' | 'UNSUPPORTED_MEDIA_TYPE', from: GraphQLError): GraphQLError {
  return new GraphQLError(from.message, { extensions: { ...from.extensions, code } });
}

const tooLarge = () => refusal('PAYLOAD_TOO_LARGE', fileTooLarge('file'));
const unsupported = () => refusal('UNSUPPORTED_MEDIA_TYPE', badField('file', `只接受 ${FILE_TYPES_LABEL} 文件`, 'FILE_TYPE'));

/**
 * Reads a multipart form: a few short fields and one file, the file held in memory (it goes to
 * PostgreSQL as one value) but never past MAX_ATTACHMENT_BYTES. The moment the file passes the
 * cap, or its first bytes are of no kept type, reading stops and the promise rejects; the rest of
 * the body is never read.
 */
function readForm(req: express.Request): Promise<Form> {
  return new Promise((resolve, reject) => {
    let parser: busboy.Busboy;
    try {
      parser = busboy({
        headers: req.headers,
        // Browsers send file names as raw UTF-8 (中文.png), not latin1.
        defParamCharset: 'utf8',
        // One byte past the cap, so a file of exactly the cap is whole and one more byte is seen.
        limits: { files: 1, fields: 10, parts: 12, fieldNameSize: 100, fieldSize: 1024, fileSize: MAX_ATTACHMENT_BYTES + 1 },
      });
    } catch {
      return reject(badField('file', '请求不是有效的 multipart/form-data（缺少 boundary）', 'MULTIPART'));
    }
    const form: Form = { fields: {} };
    let settled = false;
    let fileDone: Promise<void> = Promise.resolve();
    const stop = (err: GraphQLError) => {
      if (settled) return;
      settled = true;
      // Stop pulling the body off the socket; the connection is closed after the answer (holdThenClose).
      req.unpipe(parser);
      req.pause();
      parser.removeAllListeners();
      parser.on('error', () => undefined);
      // Not from inside busboy's own callback (it still touches the file stream after 'limit').
      setImmediate(() => parser.destroy());
      reject(err);
    };

    parser.on('field', (name, value, info) => {
      if (!(FIELDS as readonly string[]).includes(name)) return stop(badField(name, `未知字段：${name.slice(0, 50)}（可用 ${FIELDS.join('、')} 和一个文件）`, 'UNKNOWN_FIELD'));
      if (info.valueTruncated) return stop(badField(name, `${name} 过长`, 'TOO_LONG'));
      form.fields[name as keyof Fields] = value;
    });
    parser.on('file', (_name, stream, info) => {
      const chunks: Buffer[] = [];
      let size = 0;
      let sniffed = false;
      fileDone = new Promise<void>((done) => {
        stream.on('limit', () => stop(tooLarge()));
        // A body cut short (or our own stop) ends the file with an error: the form is refused.
        stream.on('error', () => stop(badField('file', '文件不完整：上传被中断', 'MULTIPART')));
        stream.on('data', (chunk: Buffer) => {
          chunks.push(chunk);
          size += chunk.length;
          // Judged by its first bytes as soon as they arrive: a type not kept is refused, the rest unread.
          if (!sniffed && size >= SNIFF_BYTES) {
            sniffed = true;
            if (!detectFileType(Buffer.concat(chunks), info.filename ?? '')) stop(unsupported());
          }
        });
        stream.on('end', () => {
          form.file = { fileName: info.filename, content: Buffer.concat(chunks, size) };
          done();
        });
      });
    });
    parser.on('filesLimit', () => stop(badField('file', '一次只能上传一个文件', 'ONE_FILE')));
    parser.on('fieldsLimit', () => stop(badField('file', '表单字段过多', 'TOO_MANY_FIELDS')));
    parser.on('partsLimit', () => stop(badField('file', '表单字段过多', 'TOO_MANY_FIELDS')));
    parser.on('error', () => stop(badField('file', '请求不是有效的 multipart/form-data', 'MULTIPART')));
    parser.on('close', () => {
      void fileDone.then(() => {
        if (settled) return;
        settled = true;
        resolve(form);
      });
    });
    req.on('close', () => {
      if (!req.complete) stop(badField('file', '上传被中断', 'ABORTED'));
    });
    req.pipe(parser);
  });
}

/** The form's fields as storeAttachment's input; BAD_USER_INPUT naming the field otherwise. */
function ownerAndKind(fields: Fields): { kind: AttachmentKind; dropoutCaseId: string | null; visitId: string | null; documentId: string | null } {
  const kind = fields.kind;
  if (!kind) throw badField('kind', '请选择附件类别（kind）', 'REQUIRED');
  if (!Object.hasOwn(AttachmentKind, kind)) throw badField('kind', `附件类别应为 ${Object.keys(AttachmentKind).join('、')} 之一`, 'ENUM');
  const id = (name: 'dropoutCaseId' | 'visitId' | 'documentId') => {
    const value = fields[name] || null;
    if (value !== null && !UUID.test(value)) throw badField(name, `${name} 不是有效的编号`, 'ID_FORMAT');
    return value;
  };
  return { kind: kind as AttachmentKind, dropoutCaseId: id('dropoutCaseId'), visitId: id('visitId'), documentId: id('documentId') };
}

/** What a client reads back: the Attachment as GraphQL names it (and `contentType`, HTTP's name for mimeType). */
function present(a: Attachment) {
  return {
    id: a.id,
    kind: a.kind,
    fileName: a.fileName,
    mimeType: a.mimeType,
    contentType: a.mimeType,
    size: a.size,
    sha256: a.sha256,
    dropoutCaseId: a.dropoutCase?.id ?? null,
    visitId: a.visit?.id ?? null,
    documentId: a.document?.id ?? null,
    uploadedById: a.uploadedBy?.id ?? null,
    createdAt: a.createdAt,
    version: a.version,
  };
}

/** The attachment an earlier copy of this upload stored (in the caller's reach, as any read). */
async function firstCopy(ctx: Context, err: GraphQLError): Promise<Attachment | null> {
  const [id] = (err.extensions.ids as string[] | undefined) ?? [];
  return id ? ((await ctx.scoped.byId(resourceOf(Attachment), id)) as Attachment | null) : null;
}

/**
 * POST /files — multipart/form-data with `kind`, `dropoutCaseId`, `visitId` or `documentId`, and one file.
 * The token, the role and the declared length are checked before any byte of the body is read;
 * the file is stored by the same function as uploadAttachment (type by content, owner in reach,
 * audit). 201 with the Attachment as JSON.
 */
export function uploadRoute(server: RouteServer): express.RequestHandler {
  const handle = viewerRoute(server, 'file upload', '上传附件失败，请稍后再试', async (req, res, ctx) => {
    assertMayUpload(ctx.viewer);
    if (!/^multipart\/form-data\s*;/i.test(req.headers['content-type'] ?? '')) {
      throw refusal('UNSUPPORTED_MEDIA_TYPE', badField('file', '请以 multipart/form-data 上传文件', 'MULTIPART'));
    }
    const declared = Number(req.headers['content-length']);
    if (declared > MAX_ATTACHMENT_BYTES + FORM_OVERHEAD_BYTES) throw tooLarge();

    const { fields, file } = await readForm(req);
    if (!file || (!file.fileName && file.content.length === 0)) throw badField('file', '请选择要上传的文件', 'REQUIRED');
    if (!file.fileName) throw badField('file', '文件缺少文件名', 'FILE_NAME');
    const named = textProblem(file.fileName, '文件名');
    if (named) throw badField('fileName', named.message, named.rule);
    const input = { ...ownerAndKind(fields), fileName: file.fileName, content: file.content };
    // With Idempotency-Key, the key stands for these fields and these bytes: a photo sent again
    // after a lost answer is stored once, and the copy gets the stored record.
    if (ctx.writeKey) ctx.writeKey.hash = requestHash('file', { fields, fileName: file.fileName, sha256: createHash('sha256').update(file.content).digest('hex') });
    let stored: Attachment;
    try {
      stored = await storeAttachment(ctx, input, 'file');
    } catch (err) {
      const rule = err instanceof GraphQLError ? err.extensions.rule : undefined;
      if (rule === 'FILE_TYPE') throw unsupported();
      if (rule === 'FILE_TOO_LARGE') throw tooLarge();
      const first = rule === ALREADY_APPLIED ? await firstCopy(ctx, err as GraphQLError) : null;
      if (!first) throw err;
      stored = first;
    }
    res.status(201).setHeader('Location', `/files/${stored.id}`);
    res.setHeader('Cache-Control', 'no-store');
    res.json(present(stored));
  });
  return (req, res, next) => {
    // An answer written before the body was read whole (401, 403, 413, 415, a second file) ends
    // the connection: `Connection: close` tells a keep-alive client not to send its next request
    // on it, which would wait unread and then be cut ("socket hang up").
    const writeHead = res.writeHead;
    res.writeHead = function (this: express.Response, ...args: Parameters<typeof writeHead>) {
      if (!req.complete && !res.headersSent) {
        res.setHeader('Connection', 'close');
        endWithoutReset(req.socket);
        res.on('finish', () => holdThenClose(req));
      }
      return writeHead.apply(this, args);
    } as typeof writeHead;
    return handle(req, res, next);
  };
}

/** How long after our side ended the connection is cut should the client's side stay open. */
const CUT_AFTER_END_MS = 10_000;

/**
 * After `Connection: close`, Node ends the socket and destroys it. With unread bytes of the body
 * still in it, destroying resets it, and a client still sending could lose the answer with it;
 * so Node only ends our side (FIN), and holdThenClose cuts the socket later.
 */
function endWithoutReset(socket: Socket): void {
  socket.destroySoon = () => socket.end();
}

/**
 * A refusal answered before the body was read whole: not one more byte of it is read. Node would
 * read and drop the rest; paused instead, the sender is held back by TCP. A client that never
 * closes its side is cut a while later.
 */
function holdThenClose(req: express.Request): void {
  // After Node's own handler (which resumes an unread body to drop it): paused again at once.
  req.pause();
  const socket = req.socket;
  const cut = setTimeout(() => socket.destroy(), CUT_AFTER_END_MS);
  cut.unref();
  socket.once('close', () => clearTimeout(cut));
}
