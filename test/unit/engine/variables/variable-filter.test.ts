import { InvalidRequestException } from '../../../../src/engine/errors.js';
import { matchesFilter, parseVariableFilterList, parseVariableFilterParam } from '../../../../src/engine/variables/index.js';
import type { TypedValue, VariableFilter } from '../../../../src/engine/variables/index.js';

const str = (value: string | null): TypedValue => ({ type: 'string', value, valueInfo: {} });
const int = (value: number): TypedValue => ({ type: 'integer', value, valueInfo: {} });
const when = new Date(Date.UTC(2024, 0, 1, 10));

describe('parseVariableFilterParam', () => {
  test.each<[string, string, VariableFilter[]]>([
    ['one number condition', 'amount_gt_5', [{ name: 'amount', operator: 'gt', value: 5, text: '5' }]],
    ['a decimal', 'rate_lteq_0.5', [{ name: 'rate', operator: 'lteq', value: 0.5, text: '0.5' }]],
    ['a negative number', 'delta_lt_-3', [{ name: 'delta', operator: 'lt', value: -3, text: '-3' }]],
    ['a boolean', 'urgent_eq_true', [{ name: 'urgent', operator: 'eq', value: true, text: 'true' }]],
    ['a string', 'city_neq_Xian', [{ name: 'city', operator: 'neq', value: 'Xian', text: 'Xian' }]],
    ['Chinese text', 'city_eq_西安', [{ name: 'city', operator: 'eq', value: '西安', text: '西安' }]],
    ['a like pattern', 'name_like_%Li%', [{ name: 'name', operator: 'like', value: '%Li%', text: '%Li%' }]],
    ['notLike', 'name_notLike_A%', [{ name: 'name', operator: 'notLike', value: 'A%', text: 'A%' }]],
    ['gteq', 'n_gteq_1', [{ name: 'n', operator: 'gteq', value: 1, text: '1' }]],
    ['an empty value', 'name_eq_', [{ name: 'name', operator: 'eq', value: '', text: '' }]],
    ['a date (kept as text)', 'due_lt_2024-01-01T10:00:00.000+0000', [{ name: 'due', operator: 'lt', value: '2024-01-01T10:00:00.000+0000', text: '2024-01-01T10:00:00.000+0000' }]],
    ['several conditions', 'a_eq_1,b_neq_x', [{ name: 'a', operator: 'eq', value: 1, text: '1' }, { name: 'b', operator: 'neq', value: 'x', text: 'x' }]],
    ['a name with underscores', 'apply_status_eq_OPEN', [{ name: 'apply_status', operator: 'eq', value: 'OPEN', text: 'OPEN' }]],
    ['a value with underscores', 'code_eq_A_B', [{ name: 'code', operator: 'eq', value: 'A_B', text: 'A_B' }]],
  ])('reads %s', (_label, param, expected) => {
    expect(parseVariableFilterParam(param)).toEqual(expected);
  });

  test.each([[''], ['  ']])('gives no conditions for %p', (param) => {
    expect(parseVariableFilterParam(param)).toEqual([]);
  });

  test.each([
    ['no operator', 'amount', 'has to have format KEY_OPERATOR_VALUE'],
    ['two parts', 'amount_5', 'has to have format KEY_OPERATOR_VALUE'],
    ['an unknown operator', 'amount_between_5', 'Invalid variable comparator specified: between'],
    ['no known operator among many parts', 'a_b_c_d', 'has to have format KEY_OPERATOR_VALUE'],
    ['an empty name', '_eq_5', 'empty name'],
    ['an empty expression between commas', 'a_eq_1,,b_eq_2', 'has to have format KEY_OPERATOR_VALUE'],
    ['a case-mangled operator', 'a_EQ_1', 'Invalid variable comparator specified: EQ'],
  ])('rejects %s with 400', (_label, param, message) => {
    expect(() => parseVariableFilterParam(param)).toThrow(InvalidRequestException);
    expect(() => parseVariableFilterParam(param)).toThrow(message);
  });
});

describe('parseVariableFilterList', () => {
  test.each([[null], [undefined], [[]]])('gives no conditions for %p', (list) => {
    expect(parseVariableFilterList(list)).toEqual([]);
  });

  test('reads typed JSON values as they are', () => {
    expect(parseVariableFilterList([
      { name: 'a', operator: 'eq', value: '5' },
      { name: 'b', operator: 'gt', value: 5 },
      { name: 'c', operator: 'neq', value: false },
      { name: 'd', operator: 'eq', value: null },
      { name: 'e', operator: 'eq' },
    ])).toEqual([
      { name: 'a', operator: 'eq', value: '5' },
      { name: 'b', operator: 'gt', value: 5 },
      { name: 'c', operator: 'neq', value: false },
      { name: 'd', operator: 'eq', value: null },
      { name: 'e', operator: 'eq', value: null },
    ]);
  });

  test.each<[string, unknown, string]>([
    ['not an array', { name: 'a' }, 'must be a JSON array'],
    ['an entry that is not an object', ['a_eq_1'], 'must be a JSON object'],
    ['a missing name', [{ operator: 'eq', value: 1 }], "needs a non-empty string 'name'"],
    ['a numeric name', [{ name: 1, operator: 'eq', value: 1 }], "needs a non-empty string 'name'"],
    ['an unknown operator', [{ name: 'a', operator: 'in', value: 1 }], 'Invalid variable comparator specified: in'],
    ['a missing operator', [{ name: 'a', value: 1 }], 'Invalid variable comparator specified'],
    ['an object value', [{ name: 'a', operator: 'eq', value: { x: 1 } }], 'needs a string, number, boolean or null value'],
    ['an array value', [{ name: 'a', operator: 'eq', value: [1] }], 'needs a string, number, boolean or null value'],
  ])('rejects %s with 400', (_label, list, message) => {
    expect(() => parseVariableFilterList(list)).toThrow(InvalidRequestException);
    expect(() => parseVariableFilterList(list)).toThrow(message);
  });
});

describe('matchesFilter', () => {
  const f = (operator: VariableFilter['operator'], value: unknown, text?: string): VariableFilter =>
    (text === undefined ? { name: 'v', operator, value } : { name: 'v', operator, value, text });

  test.each<[string, TypedValue | undefined, VariableFilter, boolean]>([
    ['a missing variable never matches', undefined, f('neq', 1), false],
    ['numbers: eq', int(5), f('eq', 5), true],
    ['numbers: eq mismatch', int(5), f('eq', 6), false],
    ['numbers: neq', int(5), f('neq', 6), true],
    ['numbers: gt', int(5), f('gt', 4), true],
    ['numbers: gt equal', int(5), f('gt', 5), false],
    ['numbers: gteq', int(5), f('gteq', 5), true],
    ['numbers: lt', int(5), f('lt', 10), true],
    ['numbers: numerically, not textually', int(10), f('gt', 9), true],
    ['numbers: lteq', int(5), f('lteq', 4), false],
    ['numbers: double vs integer condition', { type: 'double', value: 2.5, valueInfo: {} }, f('gt', 2), true],
    ['numbers: long', { type: 'long', value: 5e12, valueInfo: {} }, f('gteq', 5e12), true],
    ['numbers: short', { type: 'short', value: 1, valueInfo: {} }, f('eq', 1), true],
    ['numbers: like does not apply', int(5), f('like', 5), false],
    ['numbers: a string condition is a type mismatch', int(5), f('eq', '5'), false],
    ['strings: eq', str('abc'), f('eq', 'abc'), true],
    ['strings: eq is case-sensitive', str('abc'), f('eq', 'ABC'), false],
    ['strings: neq', str('abc'), f('neq', 'x'), true],
    ['strings: gt compares text', str('b'), f('gt', 'a'), true],
    ['strings: lteq', str('b'), f('lteq', 'b'), true],
    ['strings: like with %', str('Li Ming'), f('like', 'Li%'), true],
    ['strings: like with % in the middle', str('Li Ming'), f('like', '%i M%'), true],
    ['strings: like without a match', str('Li Ming'), f('like', 'Wang%'), false],
    ['strings: like with _', str('abc'), f('like', 'a_c'), true],
    ['strings: like is anchored', str('xabc'), f('like', 'abc'), false],
    ['strings: like treats regex characters literally', str('a.c'), f('like', 'a.c'), true],
    ['strings: like treats a dot literally', str('abc'), f('like', 'a.c'), false],
    ['strings: like with an escaped %', str('50%'), f('like', '50\\%'), true],
    ['strings: like with an escaped % without a match', str('500'), f('like', '50\\%'), false],
    ['strings: like over Chinese text', str('西安市保安公司'), f('like', '%保安%'), true],
    ['strings: notLike', str('abc'), f('notLike', 'x%'), true],
    ['strings: notLike matching', str('abc'), f('notLike', 'a%'), false],
    ['strings: a number from a URL compares with its text', str('007'), f('eq', 7, '007'), true],
    ['strings: a boolean from a URL compares with its text', str('true'), f('eq', true, 'true'), true],
    ['strings: a number from a POST body is a type mismatch', str('7'), f('eq', 7), false],
    ['booleans: eq', { type: 'boolean', value: true, valueInfo: {} }, f('eq', true), true],
    ['booleans: neq', { type: 'boolean', value: true, valueInfo: {} }, f('neq', true), false],
    ['booleans: gt does not apply', { type: 'boolean', value: true, valueInfo: {} }, f('gt', false), false],
    ['booleans: a string condition is a type mismatch', { type: 'boolean', value: true, valueInfo: {} }, f('eq', 'true'), false],
    ['dates: eq with an engine-format string', { type: 'date', value: when, valueInfo: {} }, f('eq', '2024-01-01T18:00:00.000+0800'), true],
    ['dates: lt', { type: 'date', value: when, valueInfo: {} }, f('lt', '2024-01-02T00:00:00.000+0000'), true],
    ['dates: gt with a Date', { type: 'date', value: when, valueInfo: {} }, f('gt', new Date(0)), true],
    ['dates: an unparseable string is a non-match', { type: 'date', value: when, valueInfo: {} }, f('neq', 'tomorrow'), false],
    ['dates: a number is a type mismatch', { type: 'date', value: when, valueInfo: {} }, f('eq', when.getTime()), false],
    ['null condition: eq matches a null variable', { type: 'null', value: null, valueInfo: {} }, f('eq', null), true],
    ['null condition: eq matches a typed null', str(null), f('eq', null), true],
    ['null condition: eq does not match a value', str('x'), f('eq', null), false],
    ['null condition: neq matches a value', int(0), f('neq', null), true],
    ['null condition: gt does not apply', int(0), f('gt', null), false],
    ['a null variable does not match a value', { type: 'null', value: null, valueInfo: {} }, f('neq', 5), false],
    ['json is not comparable', { type: 'json', value: '{}', valueInfo: {} }, f('eq', '{}'), false],
    ['bytes are not comparable', { type: 'bytes', value: Buffer.from('x'), valueInfo: {} }, f('eq', 'x'), false],
  ])('%s', (_label, v, filter, expected) => {
    expect(matchesFilter(v, filter)).toBe(expected);
  });

  test.each<[string, VariableFilter, boolean]>([
    ['eq', f('eq', 'ABC'), true],
    ['like', f('like', 'a%'), true],
    ['notLike', f('notLike', 'A%'), false],
  ])('with valuesIgnoreCase compares strings case-insensitively: %s', (_label, filter, expected) => {
    expect(matchesFilter(str('abc'), filter, { valuesIgnoreCase: true })).toBe(expected);
  });

  test('conditions read from a URL match typed variables end to end', () => {
    const [amount, city] = parseVariableFilterParam('amount_gteq_100,city_like_西%');
    expect(matchesFilter(int(150), amount!)).toBe(true);
    expect(matchesFilter(str('西安'), city!)).toBe(true);
    expect(matchesFilter(str('北京'), city!)).toBe(false);
  });
});
