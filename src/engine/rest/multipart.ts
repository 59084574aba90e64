import Busboy from 'busboy';
import type { Context } from 'koa';
import { InvalidRequestException } from '../errors.js';

/** A parsed `multipart/form-data` upload: text fields and file parts (with the part's filename). */
export interface MultipartForm {
  fields: Map<string, string>;
  files: Array<{ field: string; filename: string | null; bytes: Buffer }>;
}

/** Reads a multipart upload fully into memory; a non-multipart request answers 400. */
export function readMultipart(ctx: Context, limitBytes = 50 * 1024 * 1024): Promise<MultipartForm> {
  const type = ctx.get('content-type');
  if (!/^multipart\/form-data/i.test(type)) {
    return Promise.reject(new InvalidRequestException(400, `Expected a multipart/form-data request, got '${type || 'no content type'}'`));
  }
  return new Promise((resolve, reject) => {
    const form: MultipartForm = { fields: new Map(), files: [] };
    let bb: Busboy.Busboy;
    try {
      bb = Busboy({ headers: ctx.req.headers, limits: { fileSize: limitBytes } });
    } catch (error) {
      reject(new InvalidRequestException(400, `Malformed multipart request: ${(error as Error).message}`));
      return;
    }
    bb.on('field', (name, value) => form.fields.set(name, value));
    bb.on('file', (name, stream, info) => {
      const chunks: Buffer[] = [];
      stream.on('data', (c: Buffer) => chunks.push(c));
      stream.on('limit', () => reject(new InvalidRequestException(400, `Resource '${info.filename}' is larger than ${limitBytes} bytes`)));
      stream.on('end', () => form.files.push({ field: name, filename: info.filename ?? null, bytes: Buffer.concat(chunks) }));
    });
    bb.on('error', (error) => reject(new InvalidRequestException(400, `Malformed multipart request: ${(error as Error).message}`)));
    bb.on('close', () => resolve(form));
    ctx.req.pipe(bb);
  });
}
