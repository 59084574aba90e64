import { AsyncLocalStorage } from 'node:async_hooks';

/** A language the server answers in: Simplified Chinese or English (the default, for API clients). */
export type Language = 'zh-CN' | 'en';

/**
 * The language of the request being handled, held for its whole asynchronous run so that validators deep in the
 * domain modules can word their messages without it being passed down (Node's `AsyncLocalStorage`).
 */
const requestLanguage = new AsyncLocalStorage<Language>();

/**
 * The language asked for by an `Accept-Language` header: Chinese when its most preferred language (highest `q`, first
 * among equals; `q=0` excluded) is `zh` or a variant of it (`zh-CN`, `zh-Hans-CN`…), English otherwise and when absent.
 */
export function negotiateLanguage(header: string | undefined): Language {
  if (!header) return 'en';
  let best: { tag: string; q: number } | undefined;
  for (const part of header.split(',')) {
    const [rawTag = '', ...params] = part.trim().split(';');
    const tag = rawTag.trim().toLowerCase();
    if (!tag) continue;
    const qParam = params.map((p) => p.trim()).find((p) => p.startsWith('q='));
    const q = qParam === undefined ? 1 : Number(qParam.slice(2));
    if (!Number.isFinite(q) || q <= 0) continue;
    if (!best || q > best.q) best = { tag, q };
  }
  return best && (best.tag === 'zh' || best.tag.startsWith('zh-')) ? 'zh-CN' : 'en';
}

/** Runs `work` with `language` as the current request's language. */
export function runInLanguage<T>(language: Language, work: () => T): T {
  return requestLanguage.run(language, work);
}

/** The language of the request being handled; English outside a request (workers, start-up, scripts). */
export function currentLanguage(): Language {
  return requestLanguage.getStore() ?? 'en';
}

/** `en` or `zh`, whichever is the current request's language. */
export function localize(en: string, zh: string): string {
  return currentLanguage() === 'zh-CN' ? zh : en;
}

/**
 * A message in both languages that resolves to the current request's language each time it is asked for: usable as
 * a zod schema's `error` (zod 4 accepts a function) and, called, as the text of a hand-built validation issue.
 */
export function bilingual(en: string, zh: string): () => string {
  return () => localize(en, zh);
}
