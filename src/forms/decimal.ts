/**
 * Exact decimal arithmetic for number fields, so that limits, increments and decimal places are checked on the
 * value as written (form-js uses big.js for the same reason; a number field may keep more digits than a double).
 */

/** A decimal number `units × 10^-scale`. */
export interface Decimal {
  units: bigint;
  scale: number;
}

/** Parses a decimal such as `-12.50` or `1e-7` (a finite number in decimal notation); `null` if it is not one. */
export function parseDecimal(input: string | number): Decimal | null {
  const text = typeof input === 'number' ? (Number.isFinite(input) ? String(input) : '') : input.trim();
  const match = /^([+-]?)(\d*)(?:\.(\d*))?(?:[eE]([+-]?\d+))?$/.exec(text);
  if (!match) return null;
  const [, sign = '', whole = '', fraction = '', exponentText] = match;
  if (whole === '' && fraction === '') return null;
  const exponent = exponentText === undefined ? 0 : Number(exponentText);
  if (!Number.isSafeInteger(exponent) || Math.abs(exponent) > 1000) return null;
  let units = BigInt((whole + fraction).replace(/^0+(?=\d)/, '') || '0');
  let scale = fraction.length - exponent;
  if (scale < 0) {
    units *= 10n ** BigInt(-scale);
    scale = 0;
  }
  if (sign === '-') units = -units;
  return normalise({ units, scale });
}

/** `-1`, `0` or `1` as `a` is less than, equal to or greater than `b`. */
export function compareDecimal(a: Decimal, b: Decimal): -1 | 0 | 1 {
  const [x, y] = aligned(a, b);
  return x < y ? -1 : x > y ? 1 : 0;
}

/** The number of digits after the decimal point (trailing zeros not counted). */
export function decimalPlaces(value: Decimal): number {
  return value.scale;
}

/** The multiples of `step` nearest to `value`, below and above, when `value` is not a multiple; `null` when it is. */
export function nearestMultiples(value: Decimal, step: Decimal): [Decimal, Decimal] | null {
  const [v, s] = aligned(value, step);
  const scale = Math.max(value.scale, step.scale);
  if (s === 0n) return null;
  const remainder = v % s;
  if (remainder === 0n) return null;
  const below = remainder > 0n ? v - remainder : v - remainder - (s < 0n ? -s : s);
  const magnitude = s < 0n ? -s : s;
  return [normalise({ units: below, scale }), normalise({ units: below + magnitude, scale })];
}

/** Writes a decimal in plain notation, e.g. `-0.05`. */
export function formatDecimal(value: Decimal): string {
  const negative = value.units < 0n;
  const digits = (negative ? -value.units : value.units).toString().padStart(value.scale + 1, '0');
  const whole = digits.slice(0, digits.length - value.scale);
  const fraction = digits.slice(digits.length - value.scale);
  return (negative ? '-' : '') + whole + (fraction ? '.' + fraction : '');
}

// helpers ////

function aligned(a: Decimal, b: Decimal): [bigint, bigint] {
  const scale = Math.max(a.scale, b.scale);
  return [a.units * 10n ** BigInt(scale - a.scale), b.units * 10n ** BigInt(scale - b.scale)];
}

function normalise(value: Decimal): Decimal {
  let { units, scale } = value;
  while (scale > 0 && units % 10n === 0n) {
    units /= 10n;
    scale -= 1;
  }
  return { units, scale };
}
