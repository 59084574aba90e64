import {
  birthDateOf,
  checkResidentId,
  isValidResidentId,
  residentIdCheckChar,
  sexOf,
} from '../../../src/forms/index.js';

const NOW = new Date('2026-06-01T00:00:00Z');

describe('resident identity numbers (GB 11643-1999)', () => {
  it('accepts the standard example 11010519491231002X', () => {
    // digits  1 1  0 1 0 5 1 9 4  9 1 2  3 1 0 0 2
    // weights 7 9 10 5 8 4 2 1 6  3 7 9 10 5 8 4 2
    // products 7+9+0+5+0+20+2+9+24+27+7+18+30+5+0+0+4 = 167; 167 mod 11 = 2 → check char 'X'
    expect(checkResidentId('11010519491231002X', { now: NOW })).toEqual({ valid: true, id: '11010519491231002X' });
    expect(residentIdCheckChar('11010519491231002')).toBe('X');
  });

  it('accepts numbers whose check digit is a digit', () => {
    // 4 4 0 3 0 4 1 9 8 5 1 1 1 8 4 6 2: 28+36+0+15+0+16+2+9+48+15+7+9+10+40+32+24+4 = 295; mod 11 = 9 → '3'
    expect(isValidResidentId('440304198511184623', { now: NOW })).toBe(true);
    // a real leap day: 1992-02-29; weighted sum 224, mod 11 = 4 → '8'
    expect(isValidResidentId('320106199202290018', { now: NOW })).toBe(true);
  });

  it('normalises a lower-case x to X', () => {
    expect(checkResidentId('11010519491231002x', { now: NOW })).toEqual({ valid: true, id: '11010519491231002X' });
  });

  it('rejects a wrong check character', () => {
    expect(checkResidentId('110105194912310021', { now: NOW })).toMatchObject({ valid: false, problem: 'checkChar' });
    expect(checkResidentId('440304198511184624', { now: NOW })).toMatchObject({ valid: false, problem: 'checkChar' });
  });

  it('rejects an impossible birth date such as 1999-02-30, whatever the check character', () => {
    const first17 = '11010519990230001';
    const id = first17 + residentIdCheckChar(first17);
    expect(checkResidentId(id, { now: NOW })).toMatchObject({ valid: false, problem: 'birthDate' });
    // 1900 was not a leap year
    const notLeap = '110105190002290014';
    expect(checkResidentId(notLeap, { now: NOW })).toMatchObject({ valid: false, problem: 'birthDate' });
  });

  it('rejects a birth date in the future, judged on the China calendar day', () => {
    const first17 = '11010520260602001';
    const id = first17 + residentIdCheckChar(first17);
    expect(checkResidentId(id, { now: NOW })).toMatchObject({ valid: false, problem: 'birthDate' });
    // 2026-06-01T16:30Z is already 2026-06-02 in Beijing
    expect(isValidResidentId(id, { now: new Date('2026-06-01T16:30:00Z') })).toBe(true);
  });

  it.each([
    ['too short', '11010519491231002'],
    ['too long', '11010519491231002X1'],
    ['a letter inside', '1101051949123100AX'],
    ['an X not at the end', '1101051949123100X2'],
    ['a leading zero', '01010519491231002X'],
    ['surrounding blanks', ' 11010519491231002X'],
    ['the old 15-digit form', '110105491231002'],
  ])('rejects %s', (_name, id) => {
    expect(checkResidentId(id, { now: NOW })).toMatchObject({ valid: false, problem: 'format' });
  });

  it('tells the birth date and the sex of a valid number', () => {
    expect(birthDateOf('11010519491231002X', { now: NOW })).toBe('1949-12-31');
    // 17th digit 2: even → female
    expect(sexOf('11010519491231002X', { now: NOW })).toBe('female');
    // 17th digit 1: odd → male
    expect(sexOf('320106199202290018', { now: NOW })).toBe('male');
  });

  it('tells nothing about an invalid number', () => {
    expect(birthDateOf('110105194912310021')).toBeNull();
    expect(sexOf('110105194912310021')).toBeNull();
  });

  it('refuses to compute a check character of anything but 17 digits', () => {
    expect(() => residentIdCheckChar('1234')).toThrow(RangeError);
  });
});
