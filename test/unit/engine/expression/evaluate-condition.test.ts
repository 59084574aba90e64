import {
  ExpressionEvaluationError, compileExpression, contextFromRecord, evaluateCondition,
} from '../../../../src/engine/expression/index.js';

describe('evaluateCondition', () => {
  test.each([
    ['${amount > 1000}', { amount: 5000 }, true],
    ['${amount > 1000}', { amount: 10 }, false],
    ['${approved}', { approved: true }, true],
    ['#{decision == "reject"}', { decision: 'reject' }, true],
    ['${empty reviewer}', { reviewer: null }, true],
  ])('returns the boolean of %p with %j', (text, variables, expected) => {
    // given
    const expr = compileExpression(text);

    // when
    const result = evaluateCondition(expr, contextFromRecord(variables));

    // then
    expect(result).toBe(expected);
  });

  test.each([
    ['${approved}', { approved: 'true' }, "condition expression returns non-Boolean: 'true' (in '${approved}')"],
    ['${count}', { count: 1 }, "condition expression returns non-Boolean: 1 (in '${count}')"],
    ['${nothing}', { nothing: null }, "condition expression returns non-Boolean: null (in '${nothing}')"],
    ['true', {}, "condition expression returns non-Boolean: 'true' (in 'true')"],
    ['${a} ', { a: true }, "condition expression returns non-Boolean: 'true ' (in '${a} ')"],
  ])('does not coerce the result of %p', (text, variables, message) => {
    const run = (): boolean => evaluateCondition(compileExpression(text), contextFromRecord(variables));

    expect(run).toThrow(ExpressionEvaluationError);
    expect(run).toThrow(message);
  });

  test('passes evaluation errors through', () => {
    expect(() => evaluateCondition(compileExpression('${missing}'), contextFromRecord({}))).toThrow(
      "Cannot resolve identifier 'missing'",
    );
  });
});
