/**
 * A tagged template for HTML in which every interpolated value is escaped unless it is itself a fragment made by
 * the tag, so markup cannot be injected through data and a template cannot forget to escape.
 */
import escapeHtml from 'escape-html';
import { UnexpectedError } from '../errors.js';

declare const safeHtmlBrand: unique symbol;

/**
 * A fragment of HTML that is safe to insert as is: its static parts were written by a developer in an `html`
 * template and every value in it was escaped. Only {@link html} creates one; `String(fragment)` gives the markup.
 */
export interface SafeHtml {
  readonly [safeHtmlBrand]: true;
  /** The markup, e.g. to send as a response body or write to a file. */
  toString(): string;
}

/**
 * A value that may be interpolated into an {@link html} template: text and numbers (escaped), fragments made by
 * `html` (inserted as is), arrays of these (concatenated), and `null`, `undefined` or `false` (nothing, so that
 * `${cond && html`…`}` works).
 */
export type HtmlValue = string | number | SafeHtml | null | undefined | false | readonly HtmlValue[];

/**
 * Builds a {@link SafeHtml} fragment from a template literal, escaping every interpolated string or number with
 * `escape-html` (`& < > " '`), so values are safe in element content and in quoted attribute values. Not for use
 * inside `<script>` or `<style>` content, or for unquoted attributes or URL-valued attributes with untrusted URLs.
 */
export function html(strings: TemplateStringsArray, ...values: HtmlValue[]): SafeHtml {
  let markup = strings[0] ?? '';
  for (let i = 0; i < values.length; i++) {
    markup += toMarkup(values[i]) + (strings[i + 1] ?? '');
  }
  return new Fragment(markup);
}

/** Whether `value` is a fragment made by {@link html}. */
export function isSafeHtml(value: unknown): value is SafeHtml {
  return value instanceof Fragment;
}

// helpers ////////////////////

/** The only implementation of {@link SafeHtml}; not exported, so no other module can mint one. */
class Fragment implements SafeHtml {
  declare readonly [safeHtmlBrand]: true;
  readonly #markup: string;

  constructor(markup: string) {
    this.#markup = markup;
  }

  toString(): string {
    return this.#markup;
  }
}

function toMarkup(value: HtmlValue): string {
  if (value === null || value === undefined || value === false) return '';
  if (value instanceof Fragment) return value.toString();
  if (Array.isArray(value)) return value.map((v: HtmlValue) => toMarkup(v)).join('');
  if (typeof value === 'string') return escapeHtml(value);
  if (typeof value === 'number') return escapeHtml(String(value));
  // Not reachable through the types; a plain object or `true` from untyped code is refused rather than printed.
  throw new UnexpectedError('INTERNAL_ERROR', `Cannot interpolate a value of type ${typeof value} into html\`\``);
}
