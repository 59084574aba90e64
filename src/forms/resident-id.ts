/**
 * PRC citizen identity numbers (公民身份号码, GB 11643-1999): 6 digits of address code, 8 digits of birth date
 * `YYYYMMDD`, 3 digits of sequence number (odd for men, even for women) and a check character computed over the
 * first 17 digits with ISO 7064 MOD 11-2 (`0`–`9` or `X`). Residence permits for Hong Kong, Macao and Taiwan
 * residents (810000…, 820000…, 830000…) use the same layout and check, so they pass too. The old 15-digit numbers
 * (before 1999) are not accepted.
 */

import { chinaToday, isRealDate } from './calendar.js';
import { localize } from '../language.js';

/** Why a string is not a valid resident identity number. */
export type ResidentIdProblem = 'format' | 'birthDate' | 'checkChar';

/** Outcome of {@link checkResidentId}: the normalised number (`x` upper-cased), or the problem found. */
export type ResidentIdCheck =
  | { valid: true; id: string }
  | { valid: false; problem: ResidentIdProblem; message: string };

/** Options of {@link checkResidentId}. */
export interface ResidentIdOptions {
  /** The current instant, for "the birth date is not in the future" (China's calendar day); defaults to now. */
  now?: Date;
}

/**
 * Checks an 18-character resident identity number: its layout, its embedded birth date (a real day between
 * 1800-01-01 and today) and its check character. A lower-case `x` is accepted and normalised to `X`; surrounding
 * whitespace is not.
 */
export function checkResidentId(input: string, options: ResidentIdOptions = {}): ResidentIdCheck {
  if (!/^[1-9]\d{16}[\dXx]$/.test(input)) {
    return {
      valid: false,
      problem: 'format',
      message: localize('must be 18 characters: 17 digits followed by a digit or X', '须为 18 位：前 17 位为数字，末位为数字或 X'),
    };
  }
  const id = input.toUpperCase();
  const year = Number(id.slice(6, 10));
  const month = Number(id.slice(10, 12));
  const day = Number(id.slice(12, 14));
  const birthDate = id.slice(6, 10) + '-' + id.slice(10, 12) + '-' + id.slice(12, 14);
  if (year < MIN_BIRTH_YEAR || !isRealDate(year, month, day) || birthDate > chinaToday(options.now)) {
    return { valid: false, problem: 'birthDate', message: localize(`contains an impossible birth date ${birthDate}`, `出生日期 ${birthDate} 不存在`) };
  }
  const expected = residentIdCheckChar(id.slice(0, 17));
  if (id[17] !== expected) {
    return { valid: false, problem: 'checkChar', message: localize('has a wrong check character', '校验位不正确') };
  }
  return { valid: true, id };
}

/** Whether `input` is a valid 18-character resident identity number (see {@link checkResidentId}). */
export function isValidResidentId(input: string, options: ResidentIdOptions = {}): boolean {
  return checkResidentId(input, options).valid;
}

/**
 * The check character (`0`–`9` or `X`) that GB 11643-1999 appends to the given first 17 digits. Throws a
 * `RangeError` when `first17` is not 17 digits.
 */
export function residentIdCheckChar(first17: string): string {
  if (!/^\d{17}$/.test(first17)) throw new RangeError('expected the first 17 digits of a resident identity number');
  let sum = 0;
  for (let i = 0; i < 17; i++) sum += Number(first17[i]) * WEIGHTS[i]!;
  return CHECK_CHARS[sum % 11]!;
}

/** The birth date `YYYY-MM-DD` embedded in a valid resident identity number, or `null` when `id` is not valid. */
export function birthDateOf(id: string, options: ResidentIdOptions = {}): string | null {
  const check = checkResidentId(id, options);
  if (!check.valid) return null;
  return `${check.id.slice(6, 10)}-${check.id.slice(10, 12)}-${check.id.slice(12, 14)}`;
}

/** The holder's sex by a valid resident identity number (17th digit odd: male), or `null` when `id` is not valid. */
export function sexOf(id: string, options: ResidentIdOptions = {}): 'male' | 'female' | null {
  const check = checkResidentId(id, options);
  if (!check.valid) return null;
  return Number(check.id[16]) % 2 === 1 ? 'male' : 'female';
}

// helpers ////

/** Weights of positions 1–17: 2^(18-i) mod 11. */
const WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2] as const;

/** Check character by (weighted sum mod 11). */
const CHECK_CHARS = '10X98765432';

const MIN_BIRTH_YEAR = 1800;
