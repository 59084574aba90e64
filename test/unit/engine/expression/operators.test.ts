import {
  ExpressionEvaluationError, compileExpression, contextFromRecord,
} from '../../../../src/engine/expression/index.js';

const evaluate = (text: string, variables: Record<string, unknown> = {}): unknown =>
  compileExpression(text).evaluate(contextFromRecord(variables));

const jan = new Date('2024-01-01T00:00:00Z');
const feb = new Date('2024-02-01T00:00:00Z');

describe('operators', () => {
  describe('arithmetic', () => {
    test.each([
      ['${1 + 2}', 3],
      ['${5 - 7}', -2],
      ['${6 * 7}', 42],
      ['${7 / 2}', 3.5],
      ['${7 div 2}', 3.5],
      ['${7 % 3}', 1],
      ['${7 mod 3}', 1],
      ['${-7 % 3}', -1],
      ['${7.5 % 2}', 1.5],
      ['${1 / 0}', Infinity],
      ['${-1 / 0}', -Infinity],
      ['${-5}', -5],
      ['${- -5}', 5],
      ['${-0}', 0],
      ['${1.5 * 2}', 3],
    ])('evaluates %p to %p', (text, expected) => {
      expect(evaluate(text)).toBe(expected);
    });

    test.each([
      ['${"1" + 1}', 2],
      ['${"1.5" * "2"}', 3],
      ['${"-3" - 1}', -4],
      ['${"1e2" / 4}', 25],
      ['${"" + 1}', 1],
      ['${x + 1}', 1],
      ['${x * 3}', 0],
      ['${x + x}', 0],
      ['${x / x}', 0],
      ['${x % x}', 0],
      ['${-x}', 0],
      ['${-"4"}', -4],
    ])('coerces null and numeric strings: %p is %p', (text, expected) => {
      expect(evaluate(text, { x: null })).toBe(expected);
    });

    test('never concatenates strings with +', () => {
      expect(evaluate('${a + b}', { a: '1', b: '2' })).toBe(3);
    });

    test.each([
      ['${"a" + 1}', "Cannot coerce 'a' to number"],
      ['${1 + "1x"}', "Cannot coerce '1x' to number"],
      ['${" 1" + 1}', "Cannot coerce ' 1' to number"],
      ['${true + 1}', 'Cannot coerce true to number'],
      ['${-true}', 'Cannot coerce true to number'],
      ['${list * 2}', 'Cannot coerce an array to number'],
      ['${obj - 1}', 'Cannot coerce an object to number'],
      ['${when + 1}', 'Cannot coerce a Date to number'],
      ['${5 % 0}', 'Division by zero'],
    ])('refuses %p with %p', (text, message) => {
      const run = (): unknown => evaluate(text, { list: [1], obj: {}, when: jan });

      expect(run).toThrow(ExpressionEvaluationError);
      expect(run).toThrow(message);
    });

    test('gives NaN for a fractional modulo by zero, as Java doubles do', () => {
      expect(evaluate('${5.5 % 0}')).toBeNaN();
    });
  });

  describe('equality', () => {
    test.each([
      ['${1 == 1}', true],
      ['${1 eq 1.0}', true],
      ['${1 != 2}', true],
      ['${1 ne 1}', false],
      ['${"1" == 1}', true],
      ['${1 == "1.0"}', true],
      ['${"" == 0}', true],
      ['${"a" == "a"}', true],
      ["${'a' == \"a\"}", true],
      ['${"a" == "A"}', false],
      ['${"a" != "b"}', true],
      ['${true == true}', true],
      ['${true == "TRUE"}', true],
      ['${false == "no"}', true],
      ['${"true" == true}', true],
      ['${true == "yes"}', false],
      ['${null == null}', true],
      ['${null == 0}', false],
      ['${null == ""}', false],
      ['${0 == null}', false],
      ['${null != 1}', true],
      ['${x == null}', true],
      ['${jan == jan2}', true],
      ['${jan == feb}', false],
      ['${jan == "2024-01-01T00:00:00.000Z"}', false],
      ['${list == list}', true],
      ['${list == other}', false],
      ['${obj == "x"}', false],
    ])('evaluates %p to %p', (text, expected) => {
      const variables = { x: null, jan, jan2: new Date(jan.getTime()), feb, list: [1], other: [1], obj: { a: 1 } };

      expect(evaluate(text, variables)).toBe(expected);
    });

    test.each([
      ['${"a" == 1}', "Cannot coerce 'a' to number"],
      ['${true == 1}', 'Cannot coerce true to number'],
      ['${obj == true}', 'Cannot coerce an object to boolean'],
      ['${jan == 5}', 'Cannot coerce a Date to number'],
    ])('refuses %p with %p', (text, message) => {
      expect(() => evaluate(text, { obj: {}, jan })).toThrow(message);
    });
  });

  describe('relational', () => {
    test.each([
      ['${1 < 2}', true],
      ['${2 lt 1}', false],
      ['${2 > 1}', true],
      ['${1 gt 2}', false],
      ['${1 <= 1}', true],
      ['${2 le 1}', false],
      ['${1 >= 1}', true],
      ['${1 ge 2}', false],
      ['${"10" < 9}', false],
      ['${9 < "10"}', true],
      ['${"10" < "9"}', true],
      ['${"abc" < "abd"}', true],
      ['${"B" < "a"}', true],
      ['${false < true}', true],
      ['${true > false}', true],
      ['${"abc" < true}', true],
      ['${jan < feb}', true],
      ['${jan >= feb}', false],
      ['${null < 1}', false],
      ['${1 > null}', false],
      ['${null < null}', false],
      ['${null <= null}', true],
      ['${null >= null}', true],
      ['${x > 5}', false],
    ])('evaluates %p to %p', (text, expected) => {
      expect(evaluate(text, { jan, feb, x: null })).toBe(expected);
    });

    test.each([
      ['${"a" < 1}', "Cannot coerce 'a' to number"],
      ['${true < 1}', 'Cannot coerce true to number'],
      ['${jan < "2024"}', "Cannot compare a Date with '2024'"],
      ['${jan < 1}', 'Cannot coerce a Date to number'],
      ['${list < list2}', 'Cannot compare an array with an array'],
      ['${obj > "a"}', "Cannot compare an object with 'a'"],
    ])('refuses %p with %p', (text, message) => {
      expect(() => evaluate(text, { jan, list: [], list2: [], obj: {} })).toThrow(message);
    });
  });

  describe('logical', () => {
    test.each([
      ['${true && true}', true],
      ['${true and false}', false],
      ['${false || true}', true],
      ['${false or false}', false],
      ['${!true}', false],
      ['${not false}', true],
      ['${!!true}', true],
      ['${"TRUE" && "true"}', true],
      ['${"yes" || false}', false],
      ['${!""}', true],
      ['${!x}', true],
      ['${x || "True"}', true],
    ])('evaluates %p to %p', (text, expected) => {
      expect(evaluate(text, { x: null })).toBe(expected);
    });

    test.each([
      ['${1 && true}', 'Cannot coerce 1 to boolean'],
      ['${!list}', 'Cannot coerce an array to boolean'],
      ['${true and obj}', 'Cannot coerce an object to boolean'],
    ])('refuses %p with %p', (text, message) => {
      expect(() => evaluate(text, { list: [], obj: {} })).toThrow(message);
    });

    test.each([
      ['${false && missing}', false],
      ['${true || missing}', true],
      ['${false and missing.x}', false],
    ])('short-circuits %p without reading the right side', (text, expected) => {
      expect(evaluate(text)).toBe(expected);
    });
  });

  describe('empty', () => {
    test.each([
      [null, true],
      ['', true],
      [[], true],
      [{}, true],
      [new Map(), true],
      [Buffer.alloc(0), true],
      [' ', false],
      [[0], false],
      [{ a: null }, false],
      [new Map([['a', 1]]), false],
      [0, false],
      [false, false],
      [jan, false],
    ])('empty %p is %p', (v, expected) => {
      expect(evaluate('${empty v}', { v })).toBe(expected);
    });

    test('combines with not', () => {
      expect(evaluate('${not empty v}', { v: 'x' })).toBe(true);
      expect(evaluate('${!empty v}', { v: '' })).toBe(false);
    });
  });

  describe('conditional', () => {
    test.each([
      ['${true ? "yes" : "no"}', 'yes'],
      ['${false ? "yes" : "no"}', 'no'],
      ['${x ? 1 : 2}', 2],
      ['${"true" ? 1 : 2}', 1],
      ['${false ? 1 : true ? 2 : 3}', 2],
      ['${true ? false ? 1 : 2 : 3}', 2],
    ])('evaluates %p to %p', (text, expected) => {
      expect(evaluate(text, { x: null })).toBe(expected);
    });

    test('evaluates only the chosen branch', () => {
      expect(evaluate('${ok ? 1 : missing}', { ok: true })).toBe(1);
    });

    test('refuses a condition that is not boolean-like', () => {
      expect(() => evaluate('${1 ? 2 : 3}')).toThrow('Cannot coerce 1 to boolean');
    });
  });

  describe('precedence', () => {
    test.each([
      ['${1 + 2 * 3}', 7],
      ['${(1 + 2) * 3}', 9],
      ['${10 - 4 - 3}', 3],
      ['${12 / 3 / 2}', 2],
      ['${2 * 3 % 4}', 2],
      ['${-2 * 3}', -6],
      ['${-a.b}', -5],
      ['${1 + 2 < 4}', true],
      ['${1 < 2 == true}', true],
      ['${1 == 1 && 2 == 2}', true],
      ['${true || false && false}', true],
      ['${(true || false) && false}', false],
      ['${!false && false}', false],
      ['${not true or true}', true],
      ['${empty s && true}', true],
      ['${1 + 1 == 2 ? "two" : "other"}', 'two'],
      ['${false || true ? 1 : 2}', 1],
      ['${a.c[0] * 2 + 1}', 3],
    ])('evaluates %p to %p', (text, expected) => {
      expect(evaluate(text, { a: { b: 5, c: [1] }, s: '' })).toBe(expected);
    });
  });
});
