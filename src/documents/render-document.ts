/** Official documents as printable HTML. */
import { composeDocument } from './compose-document.js';
import type { DocumentMeta } from './document-content.js';
import type { DocumentInput, DocumentType } from './document-types.js';
import { renderLayout } from './templates/layout.js';

/**
 * A complete, standalone HTML5 document (UTF-8, `lang="zh-CN"`, A4 print styles) for a document of kind `type`:
 * the number at the top right, the issuing authority and title, the body, the signature block with the issue
 * date in Chinese numerals (UTC+08:00), and the footer with the number, verification code and verification URL.
 * Every value from `data` and `meta` is HTML-escaped. Throws `ValidationError` (`DOCUMENT_DATA_INVALID`, naming
 * the fields) when `data` or `meta` is invalid, or `DOCUMENT_TYPE_UNKNOWN`.
 */
export function renderDocument<T extends DocumentType>(type: T, data: DocumentInput<T>, meta: DocumentMeta): string {
  return renderLayout(composeDocument(type, data, meta), type);
}
