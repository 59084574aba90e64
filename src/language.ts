import { AsyncLocalStorage } from 'node:async_hooks';

/** A language the server answers in: Simplified Chinese or English (the default, for API clients). */
export type Language = 'zh-CN' | 'en';

/**
 * The language of the request being handled, held for its whole asynchronous run so that validators deep in the
 * domain modules can word their messages without it being passed down (Node's `AsyncLocalStorage`).
 */
const requestLanguage = new AsyncLocalStorage<Language>();

/** The language tags the server offers to `Accept-Language` negotiation, English first: it wins a tie (`*`, no header). */
export const OFFERED_LANGUAGES = ['en', 'zh-CN', 'zh'] as const;

/**
 * The language to answer in, given the best of {@link OFFERED_LANGUAGES} by the client's `Accept-Language` preferences
 * (Koa's `ctx.acceptsLanguages`, i.e. the `negotiator` package: highest `q`, then the most specific match, `q=0`
 * excluded; `zh-Hans`, `zh-TW` match `zh`): Chinese for `zh-CN` or `zh`, English for `en` and when none is acceptable
 * (`false`).
 */
export function languageOfBest(best: string | false): Language {
  return best === 'zh-CN' || best === 'zh' ? 'zh-CN' : 'en';
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
