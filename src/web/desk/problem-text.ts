import type { TFunction } from 'i18next';
import { ApiError, problemText as textOfProblem } from '../api';

/** The text of a failed request for an alert: the text of its code with the server's message, or what went wrong on the way to it. */
export function problemText(error: unknown, t: TFunction): string {
  if (error instanceof ApiError && error.status === 0) return t('error.network');
  return error instanceof Error ? textOfProblem(error, t) : t('error.unknown');
}
