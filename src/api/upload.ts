import Busboy from 'busboy';
import type { Context } from 'koa';
import { UserError, ValidationError, type AppError } from '../errors.js';
import { localize } from '../language.js';

/** A file read from a `multipart/form-data` request, with the text fields that came with it. */
export interface ReceivedUpload {
  fields: Map<string, string>;
  file: { fileName: string; declaredType: string; bytes: Buffer } | null;
}

/** A request body larger than allowed (413). */
class PayloadTooLargeError extends UserError {
  override readonly status: number = 413;
}

/** A request in a media type the endpoint does not take (415). */
class UnsupportedMediaTypeError extends UserError {
  override readonly status: number = 415;
}

/**
 * Reads a `multipart/form-data` request with at most one file (field `file`) into memory. Answers 415 for other
 * media types, 413 when the file is larger than `maxBytes`, and 400 for a malformed body or a second file.
 */
export async function readUpload(ctx: Context, maxBytes: number): Promise<ReceivedUpload> {
  const { fields, files } = await readFiles(ctx, { field: 'file', maxBytes, maxFiles: 1 });
  return { fields, file: files[0] ?? null };
}

/** Files read from a `multipart/form-data` request, with the text fields that came with them. */
export interface ReceivedFiles {
  fields: Map<string, string>;
  files: Array<{ fileName: string; declaredType: string; bytes: Buffer }>;
}

/**
 * Reads a `multipart/form-data` request with up to `maxFiles` files, all in the field `field`, into memory. Answers
 * 415 for other media types, 413 when a file is larger than `maxBytes`, and 400 for a malformed body, a file in
 * another field or too many files.
 */
export function readFiles(ctx: Context, options: { field: string; maxBytes: number; maxFiles: number }): Promise<ReceivedFiles> {
  const { field, maxBytes, maxFiles } = options;
  if (!ctx.request.is('multipart/form-data')) {
    return Promise.reject(new UnsupportedMediaTypeError('UNSUPPORTED_MEDIA_TYPE', localize(`Upload the files as multipart/form-data in the field "${field}"`, `请以 multipart/form-data 格式在字段“${field}”中上传文件`)));
  }
  return new Promise((resolve, reject) => {
    const result: ReceivedFiles = { fields: new Map(), files: [] };
    let failed: AppError | null = null;
    const fail = (error: AppError) => {
      failed ??= error;
    };
    let bb: Busboy.Busboy;
    try {
      bb = Busboy({ headers: ctx.req.headers, defParamCharset: 'utf8', limits: { fileSize: maxBytes, files: maxFiles, fields: 20, fieldSize: 10_000 } });
    } catch (error) {
      reject(new ValidationError(localize(`Malformed multipart request: ${(error as Error).message}`, `上传请求格式有误：${(error as Error).message}`)));
      return;
    }
    bb.on('field', (name, value) => result.fields.set(name, value));
    bb.on('file', (name, stream, info) => {
      const chunks: Buffer[] = [];
      const fileName = info.filename ?? 'file';
      stream.on('data', (c: Buffer) => chunks.push(c));
      stream.on('limit', () => fail(new PayloadTooLargeError('PAYLOAD_TOO_LARGE', localize(`The file ${fileName} is larger than ${maxBytes} bytes`, `文件 ${fileName} 超过 ${maxBytes} 字节的大小限制`))));
      stream.on('end', () => {
        if (name !== field) return fail(new ValidationError(`Unexpected file field '${name}'`, [{ path: name, message: localize(`only the field "${field}" may carry files`, `只有字段“${field}”可以上传文件`) }]));
        result.files.push({ fileName, declaredType: info.mimeType, bytes: Buffer.concat(chunks) });
      });
    });
    const tooMany = maxFiles === 1 ? 'Upload one file per request' : `Upload at most ${maxFiles} files per request`;
    bb.on('filesLimit', () => fail(new ValidationError(tooMany, [{ path: field, message: maxFiles === 1 ? localize('only one file per request', '每次只能上传一个文件') : localize(`at most ${maxFiles} files`, `至多上传 ${maxFiles} 个文件`) }])));
    bb.on('error', (error) => reject(new ValidationError(localize(`Malformed multipart request: ${(error as Error).message}`, `上传请求格式有误：${(error as Error).message}`))));
    bb.on('close', () => (failed ? reject(failed) : resolve(result)));
    ctx.req.pipe(bb);
  });
}

/** The media type a file's first bytes show (PDF, JPEG, PNG, or OFD, which is a ZIP container); null for anything else. */
export function sniffMediaType(bytes: Buffer): string | null {
  if (bytes.subarray(0, 5).toString('latin1') === '%PDF-') return 'application/pdf';
  if (bytes[0] === 0xff && bytes[1] === 0xd8 && bytes[2] === 0xff) return 'image/jpeg';
  if (bytes.subarray(0, 8).equals(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]))) return 'image/png';
  if (bytes[0] === 0x50 && bytes[1] === 0x4b && bytes[2] === 0x03 && bytes[3] === 0x04) return 'application/ofd';
  return null;
}
