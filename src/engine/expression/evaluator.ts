import { coerceToBoolean, describeValue } from './coercion.js';
import type { ExpressionContext } from './context.js';
import { ExpressionEvaluationError, unknownIdentifierError } from './errors.js';
import {
  add, compareWith, divide, isEmpty, isPlainObject, looseEquals, multiply, negate, remainder, subtract,
} from './operators.js';
import type { BinaryOperator, ExpressionNode } from './parser.js';

/** A compiled expression body: evaluates against a context. */
export type Evaluator = (context: ExpressionContext) => unknown;

/** Turns a syntax tree into a closure, once, so that evaluating it many times does no tree walking by type. */
export function compileNode(node: ExpressionNode): Evaluator {
  switch (node.type) {
    case 'literal': {
      const value = node.value;
      return () => value;
    }
    case 'identifier': {
      const name = node.name;
      return (ctx) => resolveIdentifier(ctx, name);
    }
    case 'property': {
      const base = compileNode(node.base);
      const property = compileNode(node.property);
      return (ctx) => {
        const b = base(ctx);
        return b == null ? null : readProperty(b, property(ctx));
      };
    }
    case 'unary': {
      const operand = compileNode(node.operand);
      if (node.op === '-') return (ctx) => negate(operand(ctx));
      if (node.op === '!') return (ctx) => !coerceToBoolean(operand(ctx));
      return (ctx) => isEmpty(operand(ctx));
    }
    case 'binary': {
      const left = compileNode(node.left);
      const right = compileNode(node.right);
      switch (node.op) {
        case '&&':
          return (ctx) => coerceToBoolean(left(ctx)) && coerceToBoolean(right(ctx));
        case '||':
          return (ctx) => coerceToBoolean(left(ctx)) || coerceToBoolean(right(ctx));
        case '<':
        case '>':
        case '<=':
        case '>=': {
          const op = node.op;
          return (ctx) => compareWith(op, left(ctx), right(ctx));
        }
        default: {
          const apply = BINARY[node.op];
          return (ctx) => apply(left(ctx), right(ctx));
        }
      }
    }
    case 'conditional': {
      const test = compileNode(node.test);
      const then = compileNode(node.then);
      const otherwise = compileNode(node.otherwise);
      return (ctx) => (coerceToBoolean(test(ctx)) ? then(ctx) : otherwise(ctx));
    }
  }
}

// helpers ////

type ValueOperator = Exclude<BinaryOperator, '&&' | '||' | '<' | '>' | '<=' | '>='>;

const BINARY: Readonly<Record<ValueOperator, (a: unknown, b: unknown) => unknown>> = {
  '==': looseEquals,
  '!=': (a, b) => !looseEquals(a, b),
  '+': add,
  '-': subtract,
  '*': multiply,
  '/': divide,
  '%': remainder,
};

/** Property names that would reach JS prototypes; never readable, whatever the base. */
const FORBIDDEN = new Set(['__proto__', 'constructor', 'prototype']);

function resolveIdentifier(ctx: ExpressionContext, name: string): unknown {
  if (!ctx.has(name)) throw unknownIdentifierError(name);
  return checked(ctx.resolve(name), name);
}

/**
 * `base.name` / `base[key]` for a non-null base, as JUEL's resolvers do for the value types variables have:
 * arrays by index (out of range → null), Maps and plain objects by own key (missing → null), a Date's `time`.
 */
function readProperty(base: unknown, key: unknown): unknown {
  if (key == null) return null;
  if (Array.isArray(base)) {
    const index = toIndex(key);
    return index >= 0 && index < base.length ? checked(base[index], key) : null;
  }
  if (base instanceof Map) return checked(base.get(allowedKey(key)), key);
  const name = propertyName(key);
  if (typeof base === 'object' && base !== null && isPlainObject(base)) {
    const descriptor = Object.getOwnPropertyDescriptor(base, allowedKey(name));
    return descriptor === undefined ? null : checked(descriptor.value, name);
  }
  if (base instanceof Date && name === 'time') return base.getTime();
  throw new ExpressionEvaluationError(`Cannot read property '${name}' of ${describeValue(base)}`, 'property-access');
}

function allowedKey<T>(key: T): T {
  if (typeof key === 'string' && FORBIDDEN.has(key)) {
    throw new ExpressionEvaluationError(`Access to property '${key}' is not allowed`, 'property-access');
  }
  return key;
}

function propertyName(key: unknown): string {
  if (typeof key === 'string') return key;
  if (typeof key === 'number' || typeof key === 'boolean') return String(key);
  throw new ExpressionEvaluationError(`Cannot use ${describeValue(key)} as a property name`, 'property-access');
}

/** An array index as Java's list resolver reads it: numbers truncated, integer strings parsed. */
function toIndex(key: unknown): number {
  if (typeof key === 'number') return Math.trunc(key);
  if (typeof key === 'string' && INTEGER.test(key)) return Number(key);
  throw new ExpressionEvaluationError(`Cannot use ${describeValue(key)} as an array index`, 'property-access');
}

const INTEGER = /^[+-]?\d+$/;

/** Values read from variables or properties: undefined becomes null, functions are never handed out. */
function checked(value: unknown, name: unknown): unknown {
  if (value === undefined) return null;
  if (typeof value === 'function') {
    const label = typeof name === 'string' ? `'${name}'` : describeValue(name);
    throw new ExpressionEvaluationError(`${label} is a function; functions cannot be used in expressions`, 'property-access');
  }
  return value;
}
