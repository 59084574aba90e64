import type { Middleware } from 'koa';
import { languageOfBest, OFFERED_LANGUAGES, runInLanguage } from '../../language.js';
import type { AppState } from '../state.js';

/**
 * Picks the request's language from `Accept-Language` through Koa's negotiator (the best of English and Chinese by the
 * client's preferences; English when neither is acceptable or the header is absent, so API clients keep their answers)
 * and holds it for the rest of the request (`currentLanguage()`).
 */
export function requestLanguage(): Middleware<AppState> {
  return async (ctx, next) => {
    const language = languageOfBest(ctx.acceptsLanguages(...OFFERED_LANGUAGES));
    await runInLanguage(language, next);
  };
}
