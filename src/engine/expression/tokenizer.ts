import { ExpressionSyntaxError } from './errors.js';

/** Kinds of tokens inside `${...}`; `end` is the closing `}`. */
export type TokenKind = 'number' | 'string' | 'constant' | 'identifier' | 'operator' | 'end';

/** One token of an expression body. Offsets are 0-based positions in the whole text being compiled. */
export interface Token {
  readonly kind: TokenKind;
  /** The operator in canonical form (`and` → `&&`, `div` → `/`, `empty`), or the identifier's name; '' otherwise. */
  readonly op: string;
  /** The value of a number, string or constant (`true`, `false`, `null`) token; null otherwise. */
  readonly value: string | number | boolean | null;
  readonly start: number;
  readonly end: number;
}

/**
 * Splits the body of the expression opened by `${`/`#{` at `open` into tokens, up to and including the closing `}`.
 * Returns the tokens and the offset after the `}`. Throws ExpressionSyntaxError for bad characters, bad literals,
 * constructs of EL 3.0 that JUEL 2.2 (and this engine) does not support, or a missing `}`.
 */
export function tokenizeExpression(source: string, open: number): { tokens: Token[]; next: number } {
  const tokens: Token[] = [];
  let i = open + 2;
  while (i < source.length) {
    const c = source.charAt(i);
    if (WHITESPACE.test(c)) {
      i++;
    } else if (c === '}') {
      tokens.push(token('end', '}', null, i, i + 1));
      return { tokens, next: i + 1 };
    } else if (c === '"' || c === "'") {
      const t = scanString(source, i);
      tokens.push(t);
      i = t.end;
    } else if (isDigit(c) || (c === '.' && isDigit(source.charAt(i + 1)))) {
      NUMBER.lastIndex = i;
      const text = NUMBER.exec(source)?.[0] ?? c;
      tokens.push(token('number', '', Number(text), i, i + text.length));
      i += text.length;
    } else {
      IDENTIFIER.lastIndex = i;
      const word = IDENTIFIER.exec(source)?.[0];
      const t = word === undefined ? scanOperator(source, i) : wordToken(source, word, i);
      tokens.push(t);
      i = t.end;
    }
  }
  throw new ExpressionSyntaxError(`unterminated expression: missing '}' for '${source.slice(open, open + 2)}'`, source, open + 1);
}

// helpers ////

const WHITESPACE = /\s/;
const NUMBER = /(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d+)?/y;
/** Java identifier rules (what JUEL accepts), approximated with Unicode classes. */
const IDENTIFIER = /[\p{L}\p{Nl}\p{Sc}\p{Pc}][\p{L}\p{Nl}\p{Sc}\p{Pc}\p{Nd}\p{Mn}\p{Mc}]*/uy;

const KEYWORD_OPERATORS: ReadonlyMap<string, string> = new Map([
  ['and', '&&'], ['or', '||'], ['not', '!'], ['eq', '=='], ['ne', '!='], ['lt', '<'], ['gt', '>'],
  ['le', '<='], ['ge', '>='], ['div', '/'], ['mod', '%'], ['empty', 'empty'],
]);
const CONSTANTS: ReadonlyMap<string, boolean | null> = new Map([['true', true], ['false', false], ['null', null]]);

const OPERATORS_2 = new Set(['==', '!=', '<=', '>=', '&&', '||']);
const OPERATORS_1 = new Set(['<', '>', '+', '-', '*', '/', '%', '!', '?', ':', '(', ')', '[', ']', '.', ',']);
const REFUSED: ReadonlyMap<string, string> = new Map([
  ['->', 'lambda expressions are not supported'],
  ['+=', "the string concatenation operator '+=' is not supported"],
  ['=', "the assignment operator '=' is not supported"],
  [';', "the semicolon operator ';' is not supported"],
  ['{', "'{' is not allowed inside an expression (nested expressions and set or map literals are not supported)"],
  ['&', "unexpected character '&' (did you mean '&&'?)"],
  ['|', "unexpected character '|' (did you mean '||'?)"],
]);

function token(kind: TokenKind, op: string, value: Token['value'], start: number, end: number): Token {
  return { kind, op, value, start, end };
}

function isDigit(c: string): boolean {
  return c >= '0' && c <= '9';
}

function wordToken(source: string, word: string, start: number): Token {
  const end = start + word.length;
  const op = KEYWORD_OPERATORS.get(word);
  if (op !== undefined) return token('operator', op, null, start, end);
  const constant = CONSTANTS.get(word);
  if (constant !== undefined) return token('constant', '', constant, start, end);
  if (word === 'instanceof') throw new ExpressionSyntaxError("the 'instanceof' operator is not supported", source, start + 1);
  return token('identifier', word, null, start, end);
}

function scanOperator(source: string, start: number): Token {
  for (const text of [source.slice(start, start + 2), source.charAt(start)]) {
    const refused = REFUSED.get(text);
    if (refused !== undefined) throw new ExpressionSyntaxError(refused, source, start + 1);
    if (OPERATORS_2.has(text) || OPERATORS_1.has(text)) return token('operator', text, null, start, start + text.length);
  }
  throw new ExpressionSyntaxError(`unexpected character '${source.charAt(start)}'`, source, start + 1);
}

/** A quoted string; `\\`, `\'` and `\"` are the only escapes (as in EL). */
function scanString(source: string, start: number): Token {
  const quote = source.charAt(start);
  let value = '';
  let i = start + 1;
  while (i < source.length) {
    const c = source.charAt(i);
    if (c === quote) return token('string', '', value, start, i + 1);
    if (c === '\\') {
      const escaped = source.charAt(i + 1);
      if (escaped === '') break;
      if (escaped !== '\\' && escaped !== "'" && escaped !== '"') {
        throw new ExpressionSyntaxError(
          `invalid escape sequence '\\${escaped}' in string literal (only \\\\, \\' and \\" are allowed)`, source, i + 1);
      }
      value += escaped;
      i += 2;
    } else {
      value += c;
      i++;
    }
  }
  throw new ExpressionSyntaxError('unterminated string literal', source, start + 1);
}
