import { canonicalJson } from '../../../src/audit/canonical-json.js';

describe(canonicalJson.name, () => {
  it('sorts object members by their names as UTF-16 code units, at every depth (RFC 8785 §3.2.3)', () => {
    // given the member names of the RFC's sorting example
    const value = { '\u20ac': 'Euro Sign', '\r': 'Carriage Return', '\ufb33': 'Hebrew Letter Dalet With Dagesh', '1': 'One', '\ud83d\ude00': 'Emoji: Grinning Face', '\u0080': 'Control', '\u00f6': 'Latin Small Letter O With Diaeresis' };

    // then
    expect(canonicalJson(value)).toBe(
      '{"\\r":"Carriage Return","1":"One","\u0080":"Control","\u00f6":"Latin Small Letter O With Diaeresis","\u20ac":"Euro Sign","\ud83d\ude00":"Emoji: Grinning Face","\ufb33":"Hebrew Letter Dalet With Dagesh"}',
    );
    expect(canonicalJson({ b: { y: 1, x: [{ d: 0, c: 1 }] }, a: null })).toBe('{"a":null,"b":{"x":[{"c":1,"d":0}],"y":1}}');
  });

  it('gives the same text for the same data whatever the order it was built in', () => {
    expect(canonicalJson({ name: '李娜', groups: ['admin'] })).toBe(canonicalJson({ groups: ['admin'], name: '李娜' }));
  });

  it.each([
    [0, '0'],
    [-0, '0'],
    [1e21, '1e+21'],
    [0.000001, '0.000001'],
    [1e-7, '1e-7'],
    [333333333.3333333, '333333333.3333333'],
    [9007199254740991, '9007199254740991'],
  ])('writes the number %p as %s', (value, text) => {
    expect(canonicalJson(value)).toBe(text);
  });

  it('escapes only quotes, backslashes and control characters in strings, and keeps Chinese text as it is', () => {
    expect(canonicalJson('保安 "甲"\\\n\u000f\u2028')).toBe('"保安 \\"甲\\"\\\\\\n\\u000f\u2028"');
  });

  it('leaves out members that are undefined and writes dates through toJSON', () => {
    expect(canonicalJson({ a: undefined, at: new Date('2026-06-01T02:00:00.123Z') })).toBe('{"at":"2026-06-01T02:00:00.123Z"}');
  });

  it.each([
    ['NaN', Number.NaN],
    ['Infinity', { n: Number.POSITIVE_INFINITY }],
    ['a bigint', 10n],
    ['a function', { f: () => 1 }],
    ['undefined in an array', [undefined]],
  ])('refuses %s, which JSON cannot carry', (_case, value) => {
    expect(() => canonicalJson(value)).toThrow(TypeError);
  });
});
