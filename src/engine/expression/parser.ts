import { ExpressionSyntaxError } from './errors.js';
import { tokenizeExpression } from './tokenizer.js';
import type { Token } from './tokenizer.js';

/** Operators taking one operand. */
export type UnaryOperator = '-' | '!' | 'empty';

/** Operators taking two operands (keyword forms such as `and`, `div`, `eq` are mapped onto these). */
export type BinaryOperator =
  | '||' | '&&' | '==' | '!=' | '<' | '>' | '<=' | '>=' | '+' | '-' | '*' | '/' | '%';

/** The syntax tree of one `${...}` body. */
export type ExpressionNode =
  | { readonly type: 'literal'; readonly value: string | number | boolean | null }
  | { readonly type: 'identifier'; readonly name: string }
  | { readonly type: 'property'; readonly base: ExpressionNode; readonly property: ExpressionNode }
  | { readonly type: 'unary'; readonly op: UnaryOperator; readonly operand: ExpressionNode }
  | { readonly type: 'binary'; readonly op: BinaryOperator; readonly left: ExpressionNode; readonly right: ExpressionNode }
  | {
      readonly type: 'conditional';
      readonly test: ExpressionNode;
      readonly then: ExpressionNode;
      readonly otherwise: ExpressionNode;
    };

/** A parsed BPMN attribute text: literal text and expressions in order, plus the top-level identifiers read. */
export interface ParsedTemplate {
  /** Literal text (escapes resolved, adjacent text merged) and expression trees, in source order. */
  readonly parts: ReadonlyArray<string | ExpressionNode>;
  /** Top-level identifiers in order of first appearance. */
  readonly identifiers: readonly string[];
}

/**
 * Parses literal text with embedded `${...}` or `#{...}` expressions as JUEL does (`\${` and `\#{` stand for the
 * literal characters). Throws ExpressionSyntaxError naming the problem and its column.
 */
export function parseTemplate(source: string): ParsedTemplate {
  const parts: Array<string | ExpressionNode> = [];
  const identifiers = new Set<string>();
  let marker: string | null = null;
  let text = '';
  let i = 0;
  while (i < source.length) {
    const c = source.charAt(i);
    const next = source.charAt(i + 1);
    if (c === '\\' && (next === '$' || next === '#') && source.charAt(i + 2) === '{') {
      text += next + '{';
      i += 3;
    } else if ((c === '$' || c === '#') && next === '{') {
      if (marker !== null && marker !== c) {
        throw new ExpressionSyntaxError("'${...}' and '#{...}' cannot be mixed in one expression", source, i + 1);
      }
      marker = c;
      if (text !== '') parts.push(text);
      text = '';
      const { tokens, next: after } = tokenizeExpression(source, i);
      parts.push(new Parser(source, tokens, identifiers).parseBody(i));
      i = after;
    } else {
      text += c;
      i++;
    }
  }
  if (text !== '' || parts.length === 0) parts.push(text);
  return { parts, identifiers: [...identifiers] };
}

// helpers ////

/** Binary operator levels from the loosest to the tightest binding (EL precedence). */
const LEVELS: ReadonlyArray<ReadonlySet<string>> = [
  new Set(['||']),
  new Set(['&&']),
  new Set(['==', '!=']),
  new Set(['<', '>', '<=', '>=']),
  new Set(['+', '-']),
  new Set(['*', '/', '%']),
];

/** Recursive-descent parser over the tokens of one expression body (which end with the `end` token). */
class Parser {
  private pos = 0;

  constructor(
    private readonly source: string,
    private readonly tokens: readonly Token[],
    private readonly identifiers: Set<string>,
  ) {}

  parseBody(open: number): ExpressionNode {
    if (this.peek().kind === 'end') throw this.error('empty expression', open);
    const node = this.conditional();
    const rest = this.peek();
    if (rest.kind !== 'end') throw this.unexpected(rest);
    return node;
  }

  private conditional(): ExpressionNode {
    const test = this.binary(0);
    if (!this.accept('?')) return test;
    const then = this.conditional();
    this.expect(':');
    const otherwise = this.conditional();
    return { type: 'conditional', test, then, otherwise };
  }

  private binary(level: number): ExpressionNode {
    const ops = LEVELS[level];
    if (ops === undefined) return this.unary();
    let left = this.binary(level + 1);
    for (let t = this.peek(); t.kind === 'operator' && ops.has(t.op); t = this.peek()) {
      this.pos++;
      left = { type: 'binary', op: t.op as BinaryOperator, left, right: this.binary(level + 1) };
    }
    return left;
  }

  private unary(): ExpressionNode {
    const t = this.peek();
    if (t.kind === 'operator' && (t.op === '-' || t.op === '!' || t.op === 'empty')) {
      this.pos++;
      return { type: 'unary', op: t.op, operand: this.unary() };
    }
    return this.value();
  }

  /** A primary followed by `.name` and `[expr]` suffixes; a `(` after it is a call, which is refused. */
  private value(): ExpressionNode {
    const start = this.peek().start;
    let node = this.primary();
    for (;;) {
      const t = this.peek();
      if (this.accept('.')) {
        const name = this.next();
        if (name.kind !== 'identifier') {
          throw this.error(`expected a property name after '.' but found ${this.describe(name)}`, name.start);
        }
        node = { type: 'property', base: node, property: { type: 'literal', value: name.op } };
      } else if (this.accept('[')) {
        const property = this.conditional();
        this.expect(']');
        node = { type: 'property', base: node, property };
      } else if (t.kind === 'operator' && t.op === '(') {
        throw this.callError(start, t.start);
      } else {
        return node;
      }
    }
  }

  private primary(): ExpressionNode {
    const t = this.next();
    switch (t.kind) {
      case 'number':
      case 'string':
      case 'constant':
        return { type: 'literal', value: t.value };
      case 'identifier': {
        const [colon, name, paren] = [this.peek(0), this.peek(1), this.peek(2)];
        if (colon.op === ':' && name.kind === 'identifier' && paren.op === '(') throw this.callError(t.start, paren.start);
        this.identifiers.add(t.op);
        return { type: 'identifier', name: t.op };
      }
      default:
        if (t.kind === 'operator' && t.op === '(') {
          const inner = this.conditional();
          this.expect(')');
          return inner;
        }
        throw this.unexpected(t);
    }
  }

  private peek(ahead = 0): Token {
    // The last token is always `end`, and parsing never moves past it.
    return this.tokens[Math.min(this.pos + ahead, this.tokens.length - 1)] as Token;
  }

  private next(): Token {
    const t = this.peek();
    if (t.kind !== 'end') this.pos++;
    return t;
  }

  private accept(op: string): boolean {
    const t = this.peek();
    if (t.kind !== 'operator' || t.op !== op) return false;
    this.pos++;
    return true;
  }

  private expect(op: string): void {
    const t = this.peek();
    if (!this.accept(op)) throw this.error(`expected '${op}' but found ${this.describe(t)}`, t.start);
  }

  private describe(t: Token): string {
    return t.kind === 'end' ? 'the end of the expression' : `'${this.source.slice(t.start, t.end)}'`;
  }

  private unexpected(t: Token): ExpressionSyntaxError {
    return t.kind === 'end'
      ? this.error('unexpected end of expression', t.start)
      : this.error(`unexpected ${this.describe(t)}`, t.start);
  }

  private callError(start: number, paren: number): ExpressionSyntaxError {
    const callee = this.source.slice(start, paren).trim();
    return this.error(`method and function calls are not supported: '${callee}()'`, start);
  }

  private error(problem: string, offset: number): ExpressionSyntaxError {
    return new ExpressionSyntaxError(problem, this.source, offset + 1);
  }
}
