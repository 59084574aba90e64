import i18next, { type TFunction } from 'i18next';

/** An error answer of the server (`{ code, message, details? }`), or a failure to reach it (status 0, code `NETWORK`). */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly details?: unknown,
    /** The language the server worded `message` in (its `Content-Language`); unknown when it did not say. */
    readonly language?: string,
  ) {
    super(message);
    this.name = 'ApiError';
  }
}

/**
 * The language the user reads the application in (`zh-CN` or `en`), sent as `Accept-Language` with every request so
 * that the server words its messages in it. Read from the i18next instance itself, not `i18n/i18n.ts`, which would
 * import the catalogues into every module that calls the API.
 */
export function uiLanguage(): string {
  return i18next.language || 'zh-CN';
}

/**
 * What to show of a failed request. The server words its refusals in the `Accept-Language` the web sends (D-020), so
 * its detail, more specific than the text of the error code, is shown alone when it is in the interface language; the
 * text of the code in the user's language (`errorCode.<CODE>`) when there is no detail, followed by the detail when
 * that is in another language; the detail alone for a code the catalogue lacks. A request that never reached the
 * server shows `errorCode.NETWORK`; something that is not an error, `error.unknown`.
 */
export function problemText(error: unknown, t: TFunction): string {
  if (!(error instanceof Error)) return t('error.unknown');
  if (!(error instanceof ApiError)) return error.message || t('error.unknown');
  const key = `errorCode.${error.code}`;
  const text = i18next.exists(key) ? t(key) : '';
  if (error.code === 'NETWORK' && text) return text;
  const detail = error.message.trim();
  if (!text) return detail || t('error.unknown');
  if (!detail || detail === text) return text;
  if (inInterfaceLanguage(detail, error.language)) return detail;
  return t('errorCode.withDetail', { text, detail });
}

// helpers ////

/**
 * Whether `detail`, worded in `language` (the answer's `Content-Language`; when unknown, the `Accept-Language` sent),
 * is in the interface language: the same primary language and, for Chinese, some Chinese in it (a message the server
 * does not translate stays English).
 */
function inInterfaceLanguage(detail: string, language: string | undefined): boolean {
  const primary = (tag: string) => tag.trim().toLowerCase().split('-')[0];
  const ui = primary(uiLanguage());
  if (primary(language ?? uiLanguage()) !== ui) return false;
  return ui !== 'zh' || /\p{Script=Han}/u.test(detail);
}
