import { compileExpression, contextFromRecord } from '../../../../src/engine/expression/index.js';

const evaluate = (text: string, variables: Record<string, unknown> = {}): unknown =>
  compileExpression(text).evaluate(contextFromRecord(variables));

describe('compileExpression', () => {
  describe('literal text', () => {
    test.each(['demo', 'Hello', '', 'price: $5 {not an expression}', '100%', 'a # b', '$', '#'])(
      'treats %p as literal text that evaluates to itself',
      (text) => {
        const expr = compileExpression(text);

        expect(expr.isLiteral).toBe(true);
        expect(expr.singleIdentifier).toBeNull();
        expect(expr.identifiers).toEqual([]);
        expect(expr.evaluate(contextFromRecord({}))).toBe(text);
      },
    );

    test.each([
      ['\\${name}', '${name}'],
      ['\\#{name}', '#{name}'],
      ['cost \\${x} for ${who}', 'cost ${x} for Ann'],
      ['a\\b', 'a\\b'],
      ['\\$x', '\\$x'],
    ])('reads the escape in %p as EL does', (text, expected) => {
      expect(evaluate(text, { who: 'Ann' })).toBe(expected);
    });

    test('keeps the original text as the source', () => {
      expect(compileExpression('Case ${caseNo}').source).toBe('Case ${caseNo}');
    });
  });

  describe('a text that is one expression', () => {
    test.each([
      ['${42}', 42],
      ['${1.5}', 1.5],
      ['${1e3}', 1000],
      ['${2.5E-1}', 0.25],
      ['${.5}', 0.5],
      ['${3.}', 3],
      ["${'single'}", 'single'],
      ['${"double"}', 'double'],
      ["${'it\\'s'}", "it's"],
      ['${"say \\"hi\\""}', 'say "hi"'],
      ["${'back\\\\slash'}", 'back\\slash'],
      ["${\"it\\'s\"}", "it's"],
      ["${'{}'}", '{}'],
      ["${''}", ''],
      ['${true}', true],
      ['${false}', false],
      ['${null}', null],
      ['#{7}', 7],
      ['${ 7 }', 7],
    ])('evaluates the literal %p to its value', (text, expected) => {
      expect(evaluate(text)).toEqual(expected);
    });

    test('returns the raw value of a variable, not its string form', () => {
      // given
      const list = [1, 2];
      const when = new Date('2024-05-01T00:00:00Z');

      // when / then
      expect(evaluate('${list}', { list })).toBe(list);
      expect(evaluate('${when}', { when })).toBe(when);
      expect(evaluate('${n}', { n: 5 })).toBe(5);
      expect(evaluate('${missing}', { missing: null })).toBeNull();
    });

    test('turns an undefined variable value into null', () => {
      expect(evaluate('${x}', { x: undefined })).toBeNull();
    });

    test.each(['${applicant}', '#{applicant}', '${ applicant }'])('reports %p as a single identifier', (text) => {
      const expr = compileExpression(text);

      expect(expr.isLiteral).toBe(false);
      expect(expr.singleIdentifier).toBe('applicant');
      expect(expr.identifiers).toEqual(['applicant']);
    });

    test.each(['${applicant.name}', '${a}${b}', 'x ${applicant}', '${applicant} ', '${(applicant)}x', '${1}'])(
      'does not report %p as a single identifier',
      (text) => {
        expect(compileExpression(text).singleIdentifier).toBeNull();
      },
    );

    test('lists the top-level identifiers once each, in order of appearance', () => {
      const expr = compileExpression('${a.b + c[d] > a.e ? f : empty g} and ${c}');

      expect(expr.identifiers).toEqual(['a', 'c', 'd', 'f', 'g']);
    });

    test('accepts Java identifier characters, including $, _ and letters beyond ASCII', () => {
      expect(evaluate('${$x + _y + 申请人}', { $x: 1, _y: 2, 申请人: 3 })).toBe(6);
    });
  });

  describe('composite text', () => {
    test('concatenates literal text and expression values', () => {
      expect(evaluate('Case ${caseNo} of ${name}', { caseNo: 12, name: 'Ann' })).toBe('Case 12 of Ann');
    });

    test('writes null as the empty string', () => {
      expect(evaluate('[${x}]', { x: null })).toBe('[]');
    });

    test('concatenates adjacent expressions as strings', () => {
      expect(evaluate('${a}${b}', { a: 1, b: 2 })).toBe('12');
    });

    test.each([
      [true, 'v=true'],
      [2.5, 'v=2.5'],
      ['text', 'v=text'],
      [new Date('2024-05-01T08:00:00Z'), 'v=2024-05-01T08:00:00.000Z'],
    ])('writes %p in its string form', (v, expected) => {
      expect(evaluate('v=${v}', { v })).toBe(expected);
    });

    test.each([[[1]], [{ a: 1 }], [new Map()], [Buffer.from('x')]])('refuses to write %p as text', (v) => {
      expect(() => evaluate('v=${v}', { v })).toThrow(/Cannot coerce .* to string/);
    });

    test('accepts deferred #{...} parts throughout', () => {
      expect(evaluate('#{a} and #{b}', { a: 'x', b: 'y' })).toBe('x and y');
    });

    test('allows an escaped ${ next to #{...}', () => {
      expect(evaluate('\\${a} #{b}', { b: 'y' })).toBe('${a} y');
    });
  });

  test('can be evaluated many times against different contexts', () => {
    const expr = compileExpression('${amount * 2}');

    expect(expr.evaluate(contextFromRecord({ amount: 1 }))).toBe(2);
    expect(expr.evaluate(contextFromRecord({ amount: 21 }))).toBe(42);
  });
});
