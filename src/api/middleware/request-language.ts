import type { Middleware } from 'koa';
import { negotiateLanguage, runInLanguage } from '../../language.js';
import type { AppState } from '../state.js';

/**
 * Picks the request's language from `Accept-Language` (Chinese for `zh`, `zh-CN`, `zh-Hans…`; English otherwise and
 * when absent, so API clients keep their answers) and holds it for the rest of the request (`currentLanguage()`).
 */
export function requestLanguage(): Middleware<AppState> {
  return async (ctx, next) => {
    const language = negotiateLanguage(ctx.get('Accept-Language') || undefined);
    await runInLanguage(language, next);
  };
}
