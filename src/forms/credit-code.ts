/**
 * Unified social credit codes (统一社会信用代码, GB 32100-2015) of companies and other organisations: 18 characters
 * from the 31-character set `0-9 A-H J-N P-R T-U W-Y` (no I, O, Z, S, V). Position 1 is the registration
 * authority (登记管理部门) code, 2 the organisation type (机构类别) code, 3–8 the administrative division code,
 * 9–17 the organisation code (组织机构代码) and 18 a check character: with the character values 0–30 and the weights
 * 3^(i-1) mod 31, check = 31 − (Σ value × weight mod 31), where 31 stands for 0.
 */

import { localize } from '../language.js';

/** Why a string is not a valid unified social credit code. */
export type CreditCodeProblem = 'format' | 'authority' | 'checkChar';

/** Outcome of {@link checkCreditCode}: the normalised code (upper case), or the problem found. */
export type CreditCodeCheck =
  | { valid: true; code: string }
  | { valid: false; problem: CreditCodeProblem; message: string };

/** The parts of a unified social credit code. */
export interface CreditCodeParts {
  /** Registration authority code, position 1, e.g. `9` (market regulation, formerly 工商). */
  authority: string;
  /** Organisation type code within the authority, position 2, e.g. `1` (enterprise) under `9`. */
  type: string;
  /** Administrative division code of the registering authority, positions 3–8, e.g. `350100`. */
  division: string;
  /** Organisation code (组织机构代码), positions 9–17. */
  organisationCode: string;
  /** Check character, position 18. */
  checkChar: string;
}

/**
 * Registration authority codes of GB 32100-2015 appendix A, with their names: `1` 机构编制, `2` 外交, `3` 司法行政,
 * `4` 文化, `5` 民政, `6` 旅游, `7` 宗教, `8` 工会, `9` 工商 (now 市场监管), `A` 中央军委改革和编制办公室, `N` 农业,
 * `Y` 其他.
 */
export const REGISTRATION_AUTHORITIES: Readonly<Record<string, string>> = {
  '1': '机构编制',
  '2': '外交',
  '3': '司法行政',
  '4': '文化',
  '5': '民政',
  '6': '旅游',
  '7': '宗教',
  '8': '工会',
  '9': '工商',
  A: '中央军委改革和编制办公室',
  N: '农业',
  Y: '其他',
};

/**
 * Checks a unified social credit code: 18 characters of the code's character set, a known registration authority
 * code, a digit as organisation type code, six digits of division code and the check character. Lower-case letters
 * are accepted and normalised to upper case; surrounding whitespace is not.
 */
export function checkCreditCode(input: string): CreditCodeCheck {
  const code = input.toUpperCase();
  if (!/^[0-9A-HJ-NP-RTUW-Y]{2}\d{6}[0-9A-HJ-NP-RTUW-Y]{10}$/.test(code) || !/^.[1-9]/.test(code)) {
    return {
      valid: false,
      problem: 'format',
      message: localize('must be 18 characters of 0-9 and A-Z without I, O, S, V, Z, with a division code in positions 3-8', '须为 18 位，由数字和除 I、O、S、V、Z 以外的大写字母组成，第 3 至 8 位为行政区划代码'),
    };
  }
  if (!(code[0]! in REGISTRATION_AUTHORITIES)) {
    return { valid: false, problem: 'authority', message: localize(`has an unknown registration authority code ${code[0]}`, `登记管理部门代码 ${code[0]} 不存在`) };
  }
  if (code[17] !== creditCodeCheckChar(code.slice(0, 17))) {
    return { valid: false, problem: 'checkChar', message: localize('has a wrong check character', '校验位不正确') };
  }
  return { valid: true, code };
}

/** Whether `input` is a valid unified social credit code (see {@link checkCreditCode}). */
export function isValidCreditCode(input: string): boolean {
  return checkCreditCode(input).valid;
}

/**
 * The check character GB 32100-2015 appends to the given first 17 characters. Throws a `RangeError` when `first17`
 * is not 17 characters of the code's character set (upper case).
 */
export function creditCodeCheckChar(first17: string): string {
  if (!/^[0-9A-HJ-NP-RTUW-Y]{17}$/.test(first17)) {
    throw new RangeError('expected the first 17 characters of a unified social credit code');
  }
  let sum = 0;
  for (let i = 0; i < 17; i++) sum += CHARSET.indexOf(first17[i]!) * WEIGHTS[i]!;
  return CHARSET[(31 - (sum % 31)) % 31]!;
}

/** The parts of a valid unified social credit code, or `null` when `code` is not valid. */
export function creditCodeParts(code: string): CreditCodeParts | null {
  const check = checkCreditCode(code);
  if (!check.valid) return null;
  const c = check.code;
  return {
    authority: c[0]!,
    type: c[1]!,
    division: c.slice(2, 8),
    organisationCode: c.slice(8, 17),
    checkChar: c[17]!,
  };
}

// helpers ////

/** The 31 characters in value order 0–30. */
const CHARSET = '0123456789ABCDEFGHJKLMNPQRTUWXY';

/** Weights of positions 1–17: 3^(i-1) mod 31. */
const WEIGHTS = [1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28] as const;
