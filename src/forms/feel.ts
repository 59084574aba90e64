/**
 * FEEL as form-js uses it: a property value is an expression when it is a string starting with `=`; conditions
 * (`conditional.hide`, `readonly`) are evaluated as unary tests and count only when they yield `true`; other
 * expressions (`validate.min`, …) are evaluated as plain expressions. Evaluation never throws: a syntax error or a
 * runtime failure gives `null`, and nothing is logged — a broken condition thus hides nothing and makes nothing
 * read-only, and a broken limit is not applied.
 */

import { evaluate, unaryTest } from 'feelin';

/** Where an expression is evaluated: the form's data and, inside a dynamic list, the current item. */
export interface ExpressionScope {
  /** The whole data: process variables overlaid with the submitted values. */
  root: Record<string, unknown>;
  /** The current list item, or `root` outside lists. */
  self: Record<string, unknown>;
  /** The enclosing scope's `self`, or `null` at the top. */
  parent: Record<string, unknown> | null;
  /** 1-based positions of the current item in each enclosing list, outermost first. */
  indexes: number[];
}

/** Whether `value` is a FEEL expression in form-js's sense (a string starting with `=`). */
export function isFeelExpression(value: unknown): value is `=${string}` {
  return typeof value === 'string' && value.startsWith('=');
}

/** Evaluates a `=…` condition as a FEEL unary test; `true` only when it yields exactly `true`. */
export function conditionHolds(expression: string, scope: ExpressionScope): boolean {
  if (!isFeelExpression(expression)) return false;
  try {
    return unaryTest(expression.slice(1), contextOf(scope)).value === true;
  } catch {
    return false;
  }
}

/** Evaluates a `=…` FEEL expression; `null` when it fails. */
export function evaluateExpression(expression: string, scope: ExpressionScope): unknown {
  if (!isFeelExpression(expression)) return null;
  try {
    return evaluate(expression.slice(1), contextOf(scope)).value;
  } catch {
    return null;
  }
}

// helpers ////

/**
 * The FEEL context form-js builds: the data's top-level names, plus `this`, `parent` and `i` (also as `_this_`,
 * `_parent_` and `_i_`, which data cannot shadow).
 */
function contextOf(scope: ExpressionScope): Record<string, unknown> {
  const special = { this: scope.self, parent: scope.parent, i: scope.indexes };
  return {
    ...special,
    ...scope.root,
    _this_: special.this,
    _parent_: special.parent,
    _i_: special.i,
  };
}
