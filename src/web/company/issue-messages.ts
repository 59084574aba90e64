import type { TFunction } from 'i18next';
import type { FieldIssue } from '../api';

/** A field issue as the server sends it: form validation adds the kind of problem (`required`, `checksum`, `pattern`…). */
type ServerIssue = FieldIssue & { code?: string };

/** The server's issue codes with a message in the catalogue (`company.issues.<code>`). */
const BY_CODE = new Set(['required', 'checksum', 'pattern', 'option', 'unknown']);

/** The server's fixed English messages with a message in the catalogue, by the start of their text. */
const BY_TEXT: ReadonlyArray<[RegExp, string]> = [
  [/^has a wrong check character/, 'checksum'],
  [/^must be an 18-character unified social credit code/, 'creditCode'],
  [/^is not a division code of (this province|a city of this province)/, 'region'],
  [/^must be a 6-digit division code/, 'region'],
  [/^must be a phone number/, 'phone'],
  [/^must be at least 10 characters long/, 'password'],
  [/^must be 1-64 letters, digits/, 'username'],
  [/^names the same person twice/, 'samePerson'],
  [/^must be at least \d+ \(万元\) for armed escort/, 'armedEscortCapital'],
  [/^type .+ is not accepted/, 'fileType'],
  [/^is empty/, 'fileEmpty'],
  [/^file name is longer than 255/, 'fileName'],
];

/**
 * The message of a field issue in the user's language: the catalogue's wording for the problems it knows (the
 * server writes English for developers), the server's own text for the others.
 */
export function issueMessage(issue: FieldIssue, t: TFunction): string {
  const code = (issue as ServerIssue).code;
  if (code && BY_CODE.has(code)) return t(`company.issues.${code}`);
  const known = BY_TEXT.find(([pattern]) => pattern.test(issue.message));
  return known ? t(`company.issues.${known[1]}`) : issue.message;
}
