import type { z } from 'zod';

/** HTTP methods the `/api` routes use. */
export type HttpMethod = 'get' | 'post' | 'put' | 'patch' | 'delete';

/** Who may call an operation: any caller with a bearer JWT, or anyone (no `Authorization` header needed). */
export type ApiSecurity = 'bearer' | 'public';

/**
 * Error statuses an operation may answer with, each with the JSON error body `{code, message, details?}` of
 * `src/api/middleware/error-handler.ts`. 400 (when the operation takes input) and 401 (for `bearer` operations)
 * are added by the generator and need not be listed.
 */
export type ApiErrorStatus = 400 | 401 | 403 | 404 | 409 | 413 | 415 | 422 | 429 | 503;

/** A request header that is not validated by a zod schema, e.g. `X-Tip-Secret`. */
export interface ApiHeader {
  name: string;
  description: string;
  required: boolean;
}

/** A text field of a multipart upload that the route reads without a zod schema. */
export interface ApiFormField {
  name: string;
  description: string;
  required: boolean;
}

/** The file part(s) of a `multipart/form-data` upload. */
export interface ApiFileField {
  /** The form field carrying the file(s), e.g. `file`. */
  name: string;
  description: string;
  required: boolean;
  /** Whether the field may carry several files. */
  multiple?: boolean;
}

/** A JSON request body, validated by `schema`. */
export interface ApiJsonBody {
  contentType: 'application/json';
  /**
   * The zod schema the route validates the body with. Several schemas describe a body the route reads in parts
   * (one schema per part); the document shows one object with the properties of all of them.
   */
  schema: z.ZodType | readonly z.ZodType[];
  /** Whether the body may be omitted; true by default. */
  required?: boolean;
}

/** A `multipart/form-data` upload: text fields (validated by `schema` where the route has one) and file parts. */
export interface ApiMultipartBody {
  contentType: 'multipart/form-data';
  /** The zod schema of the text fields, where the route validates them with one. */
  schema?: z.ZodType;
  /** Text fields the route reads without a zod schema. */
  fields?: readonly ApiFormField[];
  files: readonly ApiFileField[];
}

/** A raw body in another media type, read by the route as it is (e.g. a CSV file). */
export interface ApiRawBody {
  /** The media type, or the media types the route takes alike. */
  contentType: string | readonly string[];
  description: string;
}

/** The request body of an operation. */
export type ApiRequestBody = ApiJsonBody | ApiMultipartBody | ApiRawBody;

/** A successful response. */
export interface ApiResponse {
  status: number;
  description: string;
  /**
   * The media type(s) of the body; omitted for a response without a body (e.g. 204). `*\/*` stands for a file
   * answered in the media type it was stored with.
   */
  contentType?: string | readonly string[];
  /** The zod schema of the body, where the route has one; otherwise the body is described in prose only. */
  schema?: z.ZodType;
}

/**
 * One route of `/api`, described for the OpenAPI document served at `/api/openapi.json`. Each routes module in
 * `src/api/routes/` exports the operations of the routes it registers, next to its router factory.
 */
export interface ApiOperation {
  method: HttpMethod;
  /** The path in OpenAPI form, with the `/api` prefix, e.g. `/api/cases/{id}`. */
  path: string;
  /** What the operation does, in Chinese and English, e.g. `提交申请 · Submit an application`. */
  summary: string;
  /** Longer text: who may call it, what it answers, rules worth knowing. */
  description?: string;
  tags: readonly string[];
  security: ApiSecurity;
  /** The zod object the route validates `ctx.params` with. */
  params?: z.ZodType;
  /** The zod object the route validates `ctx.query` with. */
  query?: z.ZodType;
  headers?: readonly ApiHeader[];
  body?: ApiRequestBody;
  /** The successful responses; at least one. */
  responses: readonly [ApiResponse, ...ApiResponse[]];
  /** Error statuses beyond the 400 and 401 the generator adds. */
  errors?: readonly ApiErrorStatus[];
}
