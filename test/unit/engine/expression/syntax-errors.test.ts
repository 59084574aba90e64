import { ExpressionSyntaxError, compileExpression } from '../../../../src/engine/expression/index.js';

/** The error compileExpression throws for `text`. */
function syntaxErrorOf(text: string): ExpressionSyntaxError {
  try {
    compileExpression(text);
  } catch (error) {
    if (error instanceof ExpressionSyntaxError) return error;
    throw error;
  }
  throw new Error(`expected '${text}' to be refused`);
}

describe('compileExpression refusals', () => {
  test.each([
    ['${dateTime()}', "method and function calls are not supported: 'dateTime()'", 3],
    ['${dateTime().plusDays(1)}', "method and function calls are not supported: 'dateTime()'", 3],
    ['${execution.getVariable("x")}', "method and function calls are not supported: 'execution.getVariable()'", 3],
    ['${a.b.c(1, 2)}', "method and function calls are not supported: 'a.b.c()'", 3],
    ['${list[0].size()}', "method and function calls are not supported: 'list[0].size()'", 3],
    ['${x + fn (1)}', "method and function calls are not supported: 'fn()'", 7],
    ['${fn:upper(name)}', "method and function calls are not supported: 'fn:upper()'", 3],
    ['${(a)(1)}', "method and function calls are not supported: '(a)()'", 3],
    ['Hi ${user.getName()}', "method and function calls are not supported: 'user.getName()'", 6],
  ])('refuses the call in %p', (text, problem, column) => {
    const error = syntaxErrorOf(text);

    expect(error.problem).toBe(problem);
    expect(error.column).toBe(column);
    expect(error.source).toBe(text);
    expect(error.message).toBe(`Error parsing '${text}' at column ${column}: ${problem}`);
  });

  test.each([
    ['${a} #{b}', "'${...}' and '#{...}' cannot be mixed in one expression", 6],
    ['#{a}${b}', "'${...}' and '#{...}' cannot be mixed in one expression", 5],
    ['${a', "unterminated expression: missing '}' for '${'", 1],
    ['text #{a + 1', "unterminated expression: missing '}' for '#{'", 6],
    ['${}', 'empty expression', 1],
    ['${  }', 'empty expression', 1],
    ['${a +}', 'unexpected end of expression', 6],
    ['${a b}', "unexpected 'b'", 5],
    ['${1abc}', "unexpected 'abc'", 4],
    ['${(a + 1}', "expected ')' but found the end of the expression", 9],
    ['${a[1}', "expected ']' but found the end of the expression", 6],
    ['${a ? b}', "expected ':' but found the end of the expression", 8],
    ['${a.}', "expected a property name after '.' but found the end of the expression", 5],
    ['${a.1}', "unexpected '.1'", 4],
    ['${a.empty}', "expected a property name after '.' but found 'empty'", 5],
    ['${a.true}', "expected a property name after '.' but found 'true'", 5],
    ['${and}', "unexpected 'and'", 3],
    ['${a @ b}', "unexpected character '@'", 5],
    ['${a # b}', "unexpected character '#'", 5],
    ['${a & b}', "unexpected character '&' (did you mean '&&'?)", 5],
    ['${a | b}', "unexpected character '|' (did you mean '||'?)", 5],
    ['${a, b}', "unexpected ','", 4],
    ["${'abc}", 'unterminated string literal', 3],
    ['${"abc\\\\}', 'unterminated string literal', 3],
    ['${"abc\\}"}', "invalid escape sequence '\\}' in string literal (only \\\\, \\' and \\\" are allowed)", 7],
    ["${'a\\nb'}", "invalid escape sequence '\\n' in string literal (only \\\\, \\' and \\\" are allowed)", 5],
    ['${a = 1}', "the assignment operator '=' is not supported", 5],
    ['${a += "x"}', "the string concatenation operator '+=' is not supported", 5],
    ['${a; b}', "the semicolon operator ';' is not supported", 4],
    ['${x -> x + 1}', 'lambda expressions are not supported', 5],
    ['${a instanceof b}', "the 'instanceof' operator is not supported", 5],
    ['${{1, 2}}', "'{' is not allowed inside an expression (nested expressions and set or map literals are not supported)", 3],
    ['${a ${b}}', "'{' is not allowed inside an expression (nested expressions and set or map literals are not supported)", 6],
  ])('refuses %p', (text, problem, column) => {
    const error = syntaxErrorOf(text);

    expect(error.problem).toBe(problem);
    expect(error.column).toBe(column);
    expect(error.message).toContain(problem);
  });

  test('reports columns in the whole text of composite expressions', () => {
    expect(syntaxErrorOf('Case ${caseNo} of ${name +}').column).toBe(27);
  });

  test('accepts a `}` inside a string literal', () => {
    expect(() => compileExpression("${a == '}'}")).not.toThrow();
  });
});
