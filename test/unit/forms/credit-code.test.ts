import {
  checkCreditCode,
  creditCodeCheckChar,
  creditCodeParts,
  isValidCreditCode,
} from '../../../src/forms/index.js';

describe('unified social credit codes (GB 32100-2015)', () => {
  it('accepts the commonly cited example 91350100M000100Y43', () => {
    // values   9 1 3  5 0  1 0  0  M=21 0 0 0 1 0 0 Y=30 4
    // weights  1 3 9 27 19 26 16 17 20 29 25 13 8 24 10 30 28
    // products 9+3+27+135+0+26+0+0+420+0+0+0+8+0+0+900+112 = 1640
    // 1640 mod 31 = 28 (31 × 52 = 1612); 31 − 28 = 3 → check char '3'
    expect(checkCreditCode('91350100M000100Y43')).toEqual({ valid: true, code: '91350100M000100Y43' });
    expect(creditCodeCheckChar('91350100M000100Y4')).toBe('3');
  });

  it('accepts a code whose check character is a letter', () => {
    // 9 1 1 1 0 0 0 0 8 0 2 1 0 0 4 3 3: sum 485, mod 31 = 20, 31 − 20 = 11 → 'B'
    expect(isValidCreditCode('91110000802100433B')).toBe(true);
  });

  it('maps a remainder of 0 to the check character 0', () => {
    const first17 = findPrefixWithCheck('0');
    expect(creditCodeCheckChar(first17)).toBe('0');
    expect(isValidCreditCode(first17 + '0')).toBe(true);
  });

  it('normalises lower-case letters', () => {
    expect(checkCreditCode('91350100m000100y43')).toEqual({ valid: true, code: '91350100M000100Y43' });
  });

  it.each([
    ['the check character', '91350100M000100Y44'],
    ['one organisation-code character', '91350100M000100Y53'],
    ['the division code', '91350200M000100Y43'],
  ])('rejects the example with %s altered', (_name, code) => {
    expect(checkCreditCode(code)).toMatchObject({ valid: false, problem: 'checkChar' });
  });

  it.each([
    ['I', '91350100I000100Y43'],
    ['O', '91350100O000100Y43'],
    ['S', '91350100S000100Y43'],
    ['V', '91350100V000100Y43'],
    ['Z', '91350100Z000100Y43'],
  ])('rejects the letter %s, which the code set leaves out', (_letter, code) => {
    expect(checkCreditCode(code)).toMatchObject({ valid: false, problem: 'format' });
  });

  it('rejects a wrong length, a letter in the division code and a type code 0', () => {
    expect(checkCreditCode('91350100M000100Y4')).toMatchObject({ problem: 'format' });
    expect(checkCreditCode('9135A100M000100Y43')).toMatchObject({ problem: 'format' });
    expect(checkCreditCode('90350100M000100Y43')).toMatchObject({ problem: 'format' });
  });

  it('rejects an unknown registration authority code', () => {
    const first17 = 'B1350100M000100Y4';
    expect(checkCreditCode(first17 + creditCodeCheckChar(first17))).toMatchObject({ problem: 'authority' });
  });

  it('splits a valid code into its parts', () => {
    expect(creditCodeParts('91350100M000100Y43')).toEqual({
      authority: '9',
      type: '1',
      division: '350100',
      organisationCode: 'M000100Y4',
      checkChar: '3',
    });
    expect(creditCodeParts('91350100M000100Y44')).toBeNull();
  });
});

/** A 17-character prefix (enterprise, Fuzhou) whose check character is `check`, found by varying one position. */
function findPrefixWithCheck(check: string): string {
  const charset = '0123456789ABCDEFGHJKLMNPQRTUWXY';
  for (const c of charset) {
    const first17 = `91350100M000100${c}4`;
    if (creditCodeCheckChar(first17) === check) return first17;
  }
  throw new Error('no prefix found');
}
