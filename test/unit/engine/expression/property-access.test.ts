import { jest } from '@jest/globals';
import {
  ExpressionEvaluationError, compileExpression, contextFromRecord,
} from '../../../../src/engine/expression/index.js';
import type { ExpressionContext } from '../../../../src/engine/expression/index.js';

const evaluate = (text: string, variables: Record<string, unknown> = {}): unknown =>
  compileExpression(text).evaluate(contextFromRecord(variables));

const applicant = {
  name: 'Ann',
  address: { city: 'Hangzhou' },
  licences: [{ no: 'L-1' }, { no: 'L-2' }],
  nothing: null,
  'with space': 1,
  '7': 'seven',
};

describe('property and index access', () => {
  test.each([
    ['${applicant.name}', 'Ann'],
    ['${applicant.address.city}', 'Hangzhou'],
    ["${applicant['name']}", 'Ann'],
    ['${applicant["address"]["city"]}', 'Hangzhou'],
    ["${applicant['with space']}", 1],
    ['${applicant[7]}', 'seven'],
    ['${applicant.licences[1].no}', 'L-2'],
    ['${applicant.licences[i].no}', 'L-1'],
    ["${applicant.licences['1'].no}", 'L-2'],
    ['${applicant.licences[1.9].no}', 'L-2'],
    ['${applicant[key]}', 'Ann'],
    ['${(applicant).name}', 'Ann'],
  ])('reads %p', (text, expected) => {
    expect(evaluate(text, { applicant, i: 0, key: 'name' })).toBe(expected);
  });

  test.each([
    ['${applicant.missing}', 'a missing property of an object'],
    ['${applicant.missing.deeper}', 'a property of a missing property'],
    ['${applicant.nothing}', 'a property holding null'],
    ['${applicant.nothing.x}', 'a property of null'],
    ['${applicant.licences[2]}', 'an index past the end'],
    ['${applicant.licences[-1]}', 'a negative index'],
    ['${nil.x}', 'a property of a null variable'],
    ['${nil[missingVariable]}', 'an index of a null variable, without evaluating the index'],
    ['${null.x}', 'a property of the null literal'],
    ['${applicant[nil]}', 'a null property name'],
    ['${holes[0]}', 'a hole in a sparse array'],
  ])('gives null for %p (%s)', (text) => {
    // eslint-disable-next-line no-sparse-arrays
    expect(evaluate(text, { applicant, nil: null, holes: [, 1] })).toBeNull();
  });

  test('reads Map entries by key, and a missing key as null', () => {
    const map = new Map<unknown, unknown>([['a', 1], [2, 'two']]);

    expect(evaluate('${m.a}', { m: map })).toBe(1);
    expect(evaluate('${m[2]}', { m: map })).toBe('two');
    expect(evaluate('${m.b}', { m: map })).toBeNull();
    expect(evaluate("${m['2']}", { m: map })).toBeNull();
  });

  test('reads the time of a Date', () => {
    expect(evaluate('${d.time}', { d: new Date(1000) })).toBe(1000);
  });

  test.each([
    ["${'abc'.length}", "Cannot read property 'length' of 'abc'"],
    ['${s.length}', "Cannot read property 'length' of 'text'"],
    ['${n.x}', "Cannot read property 'x' of 5"],
    ['${b.x}', "Cannot read property 'x' of true"],
    ['${buf.length}', "Cannot read property 'length' of binary data"],
    ['${buf[0]}', "Cannot read property '0' of binary data"],
    ['${d.year}', "Cannot read property 'year' of a Date"],
    ['${set.size}', "Cannot read property 'size' of an object"],
    ['${list.length}', "Cannot use 'length' as an array index"],
    ["${list['x']}", "Cannot use 'x' as an array index"],
    ['${list[true]}', 'Cannot use true as an array index'],
    ['${obj[list]}', 'Cannot use an array as a property name'],
  ])('refuses %p with %p', (text, message) => {
    const variables = {
      s: 'text', n: 5, b: true, buf: Buffer.from('ab'), d: new Date(0), set: new Set([1]), list: [1], obj: {},
    };
    const run = (): unknown => evaluate(text, variables);

    expect(run).toThrow(ExpressionEvaluationError);
    expect(run).toThrow(message);
  });

  describe('prototype safety', () => {
    test.each([
      '${a.constructor}',
      "${a['constructor']}",
      "${a['__proto__']}",
      '${a.__proto__}',
      '${a.prototype}',
      '${m.constructor}',
      "${m['__proto__']}",
      '${a.constructor.name}',
    ])('refuses %p instead of reaching a JS prototype', (text) => {
      const run = (): unknown => evaluate(text, { a: { x: 1 }, m: new Map() });

      expect(run).toThrow(ExpressionEvaluationError);
      expect(run).toThrow(/Access to property '(constructor|__proto__|prototype)' is not allowed/);
    });

    test.each(['${a.toString}', '${a.hasOwnProperty}', "${a['valueOf']}", '${a.__defineGetter__}'])(
      'does not see inherited members of an object: %p is null',
      (text) => {
        expect(evaluate(text, { a: {} })).toBeNull();
      },
    );

    test('does not see inherited members of an array', () => {
      expect(() => evaluate('${list.map}', { list: [] })).toThrow("Cannot use 'map' as an array index");
    });

    test('reads null-prototype objects like plain ones and still refuses forbidden names', () => {
      const bare = Object.assign(Object.create(null) as object, { x: 1 });

      expect(evaluate('${bare.x}', { bare })).toBe(1);
      expect(() => evaluate('${bare.constructor}', { bare })).toThrow('is not allowed');
    });

    test('never reads a function-valued property or variable, and never calls it', () => {
      const fn = jest.fn(() => 'called');

      expect(() => evaluate('${o.f}', { o: { f: fn } })).toThrow(
        "'f' is a function; functions cannot be used in expressions",
      );
      expect(() => evaluate('${m.f}', { m: new Map([['f', fn]]) })).toThrow('is a function');
      expect(() => evaluate('${list[0]}', { list: [fn] })).toThrow('0 is a function');
      expect(() => evaluate('${fn}', { fn })).toThrow("'fn' is a function");
      expect(fn).not.toHaveBeenCalled();
    });

    test('does not run getters of the objects it reads', () => {
      const getter = jest.fn(() => 'secret');
      const o = Object.defineProperty({}, 'x', { get: getter, enumerable: true });

      expect(evaluate('${o.x}', { o })).toBeNull();
      expect(getter).not.toHaveBeenCalled();
    });

    test('does not navigate class instances', () => {
      class Account {
        balance = 10;
      }

      expect(() => evaluate('${acc.balance}', { acc: new Account() })).toThrow(
        "Cannot read property 'balance' of an object",
      );
    });
  });

  describe('identifiers', () => {
    test('refuses an identifier the context does not know', () => {
      const run = (): unknown => evaluate('${amount > 5}', { other: 1 });

      expect(run).toThrow(ExpressionEvaluationError);
      expect(run).toThrow("Cannot resolve identifier 'amount'");
    });

    test('tells an unknown identifier apart by its reason', () => {
      try {
        evaluate('${x}');
        throw new Error('expected a failure');
      } catch (error) {
        expect(error).toBeInstanceOf(ExpressionEvaluationError);
        expect((error as ExpressionEvaluationError).reason).toBe('unknown-identifier');
      }
    });

    test.each(['constructor', 'toString', '__proto__', 'hasOwnProperty'])(
      'does not resolve the inherited record member %p',
      (name) => {
        expect(() => evaluate(`\${${name}}`, {})).toThrow(`Cannot resolve identifier '${name}'`);
      },
    );

    test('asks the context with has() before resolve()', () => {
      // given
      const calls: string[] = [];
      const context: ExpressionContext = {
        has: (name) => {
          calls.push(`has ${name}`);
          return name === 'known';
        },
        resolve: (name) => {
          calls.push(`resolve ${name}`);
          return 1;
        },
      };

      // when
      const value = compileExpression('${known + 1}').evaluate(context);

      // then
      expect(value).toBe(2);
      expect(calls).toEqual(['has known', 'resolve known']);
      expect(() => compileExpression('${unknown}').evaluate(context)).toThrow("Cannot resolve identifier 'unknown'");
    });
  });
});

describe('contextFromRecord', () => {
  test('resolves own keys, including null values', () => {
    const context = contextFromRecord({ a: 1, b: null });

    expect(context.has('a')).toBe(true);
    expect(context.has('b')).toBe(true);
    expect(context.resolve('b')).toBeNull();
  });

  test('throws the unknown-identifier error for other names', () => {
    const context = contextFromRecord({});

    expect(context.has('toString')).toBe(false);
    expect(() => context.resolve('x')).toThrow("Cannot resolve identifier 'x'");
  });
});
