import {
  VERIFICATION_CODE_ALPHABET,
  codesMatch,
  isVerificationCode,
  newVerificationCode,
  normalizeVerificationCode,
} from '../../../src/documents/index.js';

describe('newVerificationCode', () => {
  const codes = Array.from({ length: 500 }, () => newVerificationCode());

  it('is 8 characters of the unambiguous alphabet', () => {
    for (const code of codes) {
      expect(code).toMatch(/^[23456789ABCDEFGHJKMNPQRSTUVWXYZ]{8}$/);
      expect(isVerificationCode(code)).toBe(true);
    }
  });

  it('never uses 0, O, 1, I or L', () => {
    expect(VERIFICATION_CODE_ALPHABET).not.toMatch(/[0O1IL]/);
    expect(codes.join('')).not.toMatch(/[0O1IL]/);
  });

  it('differs from call to call', () => {
    expect(new Set(codes).size).toBe(codes.length);
  });

  it('draws from the whole alphabet', () => {
    expect(new Set(codes.join('')).size).toBe(VERIFICATION_CODE_ALPHABET.length);
  });
});

describe('codesMatch', () => {
  it('matches the same code', () => {
    expect(codesMatch('K7M2Q9XA', 'K7M2Q9XA')).toBe(true);
  });

  it('ignores case', () => {
    expect(codesMatch('k7m2q9xa', 'K7M2Q9XA')).toBe(true);
    expect(codesMatch('K7M2Q9XA', 'k7M2q9Xa')).toBe(true);
  });

  it('ignores spaces and hyphens a person may type', () => {
    expect(codesMatch(' k7m2-q9xa ', 'K7M2Q9XA')).toBe(true);
  });

  it('does not match a different code, or a prefix of it', () => {
    expect(codesMatch('K7M2Q9XB', 'K7M2Q9XA')).toBe(false);
    expect(codesMatch('K7M2Q9X', 'K7M2Q9XA')).toBe(false);
    expect(codesMatch('K7M2Q9XAA', 'K7M2Q9XA')).toBe(false);
  });

  it('never matches malformed codes, even equal ones', () => {
    expect(codesMatch('', '')).toBe(false);
    expect(codesMatch('O0I1LO0I', 'O0I1LO0I')).toBe(false);
  });
});

describe('normalizeVerificationCode', () => {
  it('upper-cases and drops spaces and hyphens', () => {
    expect(normalizeVerificationCode('ab3d-ef9g ')).toBe('AB3DEF9G');
  });
});
