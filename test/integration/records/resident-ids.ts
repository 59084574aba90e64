/**
 * Real, valid resident ID numbers for the records tests, built by the GB 11643-1999 rule (ISO 7064 MOD 11-2)
 * rather than copied from anywhere.
 */

/** Completes the first 17 digits of a resident ID number with its check character. */
export function withCheckChar(first17: string): string {
  if (!/^\d{17}$/.test(first17)) throw new RangeError(`expected 17 digits, got '${first17}'`);
  let sum = 0;
  for (let i = 0; i < 17; i++) sum += Number(first17[i]) * (WEIGHTS[i] ?? 0);
  return first17 + (CHECK_CHARS[sum % 11] ?? '');
}

/**
 * The `n`-th test person's resident ID number (n = 1…999): address code 440305 (深圳市南山区), born on `birth`
 * (`YYYYMMDD`), sequence number `n`.
 */
export function residentIdOf(n: number, birth = '19850615'): string {
  return withCheckChar(`440305${birth}${String(n).padStart(3, '0')}`);
}

/** `id` with a wrong check character. */
export function withWrongCheckChar(id: string): string {
  const right = id.slice(-1);
  return id.slice(0, 17) + (right === '0' ? '1' : '0');
}

// helpers ////

const WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
const CHECK_CHARS = '10X98765432';
