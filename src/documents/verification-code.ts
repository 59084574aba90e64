/**
 * Verification codes printed on official documents, which a reader types in on the verification page to confirm
 * that a document was really issued.
 */
import { createHash, randomInt, timingSafeEqual } from 'node:crypto';

/** The characters a code is made of: digits and capital letters without the look-alikes 0, O, 1, I and L. */
export const VERIFICATION_CODE_ALPHABET = '23456789ABCDEFGHJKMNPQRSTUVWXYZ';

/** Number of characters in a verification code. */
export const VERIFICATION_CODE_LENGTH = 8;

/**
 * A new random verification code of {@link VERIFICATION_CODE_LENGTH} characters from
 * {@link VERIFICATION_CODE_ALPHABET}, drawn from a cryptographically secure source (about 40 bits).
 */
export function newVerificationCode(): string {
  let code = '';
  for (let i = 0; i < VERIFICATION_CODE_LENGTH; i++) {
    code += VERIFICATION_CODE_ALPHABET.charAt(randomInt(VERIFICATION_CODE_ALPHABET.length));
  }
  return code;
}

/**
 * The canonical form of a code as typed by a person: upper case, without spaces and hyphens (`ab3d-ef9g` →
 * `AB3DEF9G`). The result is not checked; see {@link isVerificationCode}.
 */
export function normalizeVerificationCode(input: string): string {
  return input.replace(/[\s-]/g, '').toUpperCase();
}

/** Whether `value` is a well-formed code in canonical form (right length, only characters of the alphabet). */
export function isVerificationCode(value: string): boolean {
  return CODE_PATTERN.test(value);
}

/**
 * Whether two codes are the same, ignoring case, spaces and hyphens. Both must be well-formed after
 * normalisation, otherwise the answer is `false`. The comparison takes the same time wherever the codes differ,
 * so response times do not reveal how much of a guess was right.
 */
export function codesMatch(a: string, b: string): boolean {
  const left = normalizeVerificationCode(a);
  const right = normalizeVerificationCode(b);
  const equal = timingSafeEqual(digest(left), digest(right));
  return equal && isVerificationCode(left) && isVerificationCode(right);
}

// helpers ////////////////////

const CODE_PATTERN = new RegExp(`^[${VERIFICATION_CODE_ALPHABET}]{${VERIFICATION_CODE_LENGTH}}$`);

/** A fixed-length digest, so that inputs of different lengths are compared in constant time too. */
function digest(value: string): Buffer {
  return createHash('sha256').update(value, 'utf8').digest();
}
