/**
 * Server-side validation of a form submission against the same form-js definition the browser rendered: the
 * submission is checked with form-js's rules (`validate.*`, number settings, static options) plus this project's
 * checksums and item counts, fields hidden by `conditional.hide` are neither required nor kept, and only the values
 * of fields the submitter may set come out — typed as form-js would submit them.
 */

import { chinaToday, isIsoDate } from './calendar.js';
import { checkCreditCode } from './credit-code.js';
import {
  compareDecimal,
  decimalPlaces,
  formatDecimal,
  nearestMultiples,
  parseDecimal,
  type Decimal,
} from './decimal.js';
import { conditionHolds, evaluateExpression, type ExpressionScope } from './feel.js';
import type { DataShape, FormComponent, FormDefinition, FormField, FormList, Limit } from './form-definition.js';
import { EMAIL_PATTERN, PHONE_PATTERN } from './form-js-patterns.js';
import { checkResidentId } from './resident-id.js';
import { localize } from '../language.js';

/** Stable kinds of submission problems; the web app maps them to its own wording. */
export type SubmissionIssueCode =
  | 'required'
  | 'minLength'
  | 'maxLength'
  | 'pattern'
  | 'min'
  | 'max'
  | 'email'
  | 'phone'
  | 'option'
  | 'type'
  | 'unknown'
  | 'checksum'
  | 'date'
  | 'minItems'
  | 'maxItems'
  | 'decimalDigits'
  | 'increment';

/** One problem of a submission: where (dotted path, e.g. `managers.1.idNumber`), what kind, and an English message. */
export interface SubmissionIssue {
  path: string;
  code: SubmissionIssueCode;
  message: string;
}

/** Options of {@link validateSubmission}. */
export interface ValidateSubmissionOptions {
  /**
   * Data the form was shown with, e.g. the process variables: FEEL conditions and limits see it, overlaid with the
   * submitted values (which win). Nothing of it is copied into the result.
   */
  context?: Record<string, unknown>;
  /** The current instant, for past dates and birth dates in the future; defaults to now. */
  now?: Date;
}

/** What a submission amounts to: the accepted values and every problem found (none: the submission is valid). */
export interface SubmissionResult {
  /**
   * The values of the visible fields the submitter may set, nested per key and path, typed as form-js submits them
   * (numbers as numbers, checkboxes as booleans, checklists as arrays…). A field the submission leaves out is left
   * out here too.
   */
  values: Record<string, unknown>;
  issues: SubmissionIssue[];
}

/**
 * Validates `data` (the parsed JSON body of a submission) against `form`. Never throws on bad input; see
 * `assertValidSubmission` for the throwing variant.
 *
 * - names the form does not know are reported (`unknown`), objects and lists where the form has none (`type`);
 * - fields that are disabled, read-only (`readonly: true`, or a `readonly` condition that holds) or computed
 *   (`expression`) are not taken from the submitter: their submitted values are dropped without a problem;
 * - a field whose `conditional.hide` holds, or inside a hidden group or list, is neither checked nor kept; a
 *   condition that fails to evaluate counts as not holding (the field stays visible), silently;
 * - every other field is coerced and checked with its rules.
 */
export function validateSubmission(
  form: FormDefinition,
  data: unknown,
  options: ValidateSubmissionOptions = {},
): SubmissionResult {
  if (!isPlainObject(data)) {
    return { values: {}, issues: [{ path: '', code: 'type', message: localize('The submission must be a JSON object.', '提交的内容须为 JSON 对象。') }] };
  }
  const issues: SubmissionIssue[] = [];
  checkShape(form.shape, data, [], issues);

  const submitted: Record<string, unknown> = {};
  collect(form.components, data, submitted);
  const root = deepMerge(options.context ?? {}, submitted);

  const values: Record<string, unknown> = {};
  const walker = new Walker(issues, options.now ?? new Date());
  walker.walk(form.components, {
    data,
    out: values,
    expressions: { root, self: root, parent: null, indexes: [] },
    at: [],
  });
  return { values, issues };
}

// helpers ////

/** A scope of the walk: the form itself, or one item of a dynamic list. */
interface Scope {
  /** The submitted object of this scope. */
  data: Record<string, unknown>;
  /** Where this scope's accepted values go. */
  out: Record<string, unknown>;
  expressions: ExpressionScope;
  /** Path of this scope in the submission, e.g. `['managers', '1']`. */
  at: string[];
}

type Coerced = { ok: true; value: unknown } | { ok: false; expected: string };

const TEXT_TYPES = new Set<string>(['textfield', 'textarea']);
const SINGLE_CHOICE_TYPES = new Set<string>(['select', 'radio']);
const MULTI_CHOICE_TYPES = new Set<string>(['checklist', 'taglist']);

const TIME = '([01]\\d|2[0-3]):[0-5]\\d(:[0-5]\\d(\\.\\d{1,3})?)?(Z|[+-](0\\d|1[0-4]):[0-5]\\d)?';
const TIME_PATTERN = new RegExp(`^${TIME}$`);
const DATETIME_PATTERN = new RegExp(`^(\\d{4}-\\d{2}-\\d{2})T${TIME}$`);

/** Checks fields and lists in document order, collecting values and problems. */
class Walker {
  private readonly patterns = new Map<string, RegExp>();

  constructor(
    private readonly issues: SubmissionIssue[],
    private readonly now: Date,
  ) {}

  walk(components: readonly FormComponent[], scope: Scope): void {
    for (const component of components) {
      if (component.hide !== undefined && conditionHolds(component.hide, scope.expressions)) continue;
      if (component.kind === 'field') this.field(component, scope);
      else if (component.kind === 'group') this.walk(component.components, scope);
      else if (component.kind === 'list') this.list(component, scope);
    }
  }

  private list(list: FormList, scope: Scope): void {
    const raw = getIn(scope.data, list.pathSegments);
    if (raw != null && !Array.isArray(raw)) return; // reported as `type` by checkShape
    const path = [...scope.at, ...list.pathSegments].join('.');
    const count = Array.isArray(raw) ? raw.length : 0;
    const name = quoted(list.label || list.path);
    if (list.minItems !== undefined && count < list.minItems) {
      this.issue(path, 'minItems', localize(`${name} must have at least ${list.minItems} ${entries(list.minItems)}.`, `${zh(name)}须至少有 ${list.minItems} 项。`));
    }
    if (list.maxItems !== undefined && count > list.maxItems) {
      this.issue(path, 'maxItems', localize(`${name} must have at most ${list.maxItems} ${entries(list.maxItems)}.`, `${zh(name)}至多 ${list.maxItems} 项。`));
    }
    if (!Array.isArray(raw)) return;
    const items: Record<string, unknown>[] = [];
    setIn(scope.out, list.pathSegments, items);
    const contextItems = getIn(scope.expressions.self, list.pathSegments);
    raw.forEach((item: unknown, index) => {
      const out: Record<string, unknown> = {};
      items.push(out);
      if (!isPlainObject(item)) return;
      const contextItem = Array.isArray(contextItems) ? (contextItems[index] as unknown) : undefined;
      this.walk(list.components, {
        data: item,
        out,
        expressions: {
          root: scope.expressions.root,
          self: isPlainObject(contextItem) ? contextItem : {},
          parent: scope.expressions.self,
          indexes: [...scope.expressions.indexes, index + 1],
        },
        at: [...scope.at, ...list.pathSegments, String(index)],
      });
    });
  }

  private field(field: FormField, scope: Scope): void {
    if (!field.acceptsInput) return;
    if (typeof field.readOnly === 'string' && conditionHolds(field.readOnly, scope.expressions)) return;
    const raw = getIn(scope.data, field.keyPath);
    const path = [...scope.at, ...field.keyPath].join('.');
    const name = quoted(field.label || field.key);
    if (raw === undefined) {
      if (field.validate.required) this.issue(path, 'required', localize(`${name} is required.`, `${zh(name)}为必填项。`));
      return;
    }
    const coerced = coerce(field, raw);
    if (!coerced.ok) {
      this.issue(path, 'type', localize(`${name} must be ${coerced.expected}.`, `${zh(name)}的格式不正确。`));
      return;
    }
    let value = coerced.value;
    if (isEmpty(field, value)) {
      if (field.validate.required) this.issue(path, 'required', localize(`${name} is required.`, `${zh(name)}为必填项。`));
      setIn(scope.out, field.keyPath, value);
      return;
    }
    const check = { field, path, name, expressions: scope.expressions };
    if (TEXT_TYPES.has(field.type)) value = this.text(check, value as string);
    else if (field.type === 'number') this.number(check, value as number | string);
    else if (SINGLE_CHOICE_TYPES.has(field.type)) value = this.choice(check, value);
    else if (MULTI_CHOICE_TYPES.has(field.type)) value = this.choices(check, value as unknown[]);
    else if (field.type === 'datetime') this.datetime(check, value as string);
    else if (field.type === 'filepicker') this.files(check, value as string[]);
    setIn(scope.out, field.keyPath, value);
  }

  /** Length, pattern, e-mail/phone and checksum rules; returns the value, normalised by its checksum. */
  private text(check: Check, value: string): string {
    const { field, path, name, expressions } = check;
    const rules = field.validate;
    const length = value.trim().length;
    const minLength = limitValue(rules.minLength, expressions);
    if (minLength !== undefined && length < minLength) {
      this.issue(path, 'minLength', localize(`${name} must be at least ${minLength} characters long.`, `${zh(name)}不得少于 ${minLength} 个字符。`));
    }
    const maxLength = limitValue(rules.maxLength, expressions);
    if (maxLength !== undefined && length > maxLength) {
      this.issue(path, 'maxLength', localize(`${name} must be at most ${maxLength} characters long.`, `${zh(name)}不得超过 ${maxLength} 个字符。`));
    }
    if (rules.pattern !== undefined && !this.pattern(rules.pattern).test(value)) {
      this.issue(path, 'pattern', rules.patternErrorMessage ?? localize(`${name} must match the pattern ${rules.pattern}.`, `${zh(name)}的格式不正确。`));
    }
    if (rules.validationType === 'email' && !EMAIL_PATTERN.test(value)) {
      this.issue(path, 'email', localize(`${name} must be a valid e-mail address.`, `${zh(name)}须为有效的电子邮箱地址。`));
    }
    if (rules.validationType === 'phone' && !PHONE_PATTERN.test(value)) {
      this.issue(path, 'phone', localize(`${name} must be a valid international phone number, e.g. +8613800138000.`, `${zh(name)}须为有效的电话号码，如 +8613800138000。`));
    }
    if (field.checksum === 'resident-id') {
      const result = checkResidentId(value.trim(), { now: this.now });
      if (result.valid) return result.id;
      this.issue(path, 'checksum', localize(`${name} is not a valid resident identity number: it ${result.message}.`, `${zh(name)}不是有效的公民身份号码：${result.message}。`));
    } else if (field.checksum === 'credit-code') {
      const result = checkCreditCode(value.trim());
      if (result.valid) return result.code;
      this.issue(path, 'checksum', localize(`${name} is not a valid unified social credit code: it ${result.message}.`, `${zh(name)}不是有效的统一社会信用代码：${result.message}。`));
    }
    return value;
  }

  /** `min`, `max`, `decimalDigits` and `increment`, on the exact decimal value. */
  private number(check: Check, value: number | string): void {
    const { field, path, name, expressions } = check;
    const decimal = parseDecimal(value);
    if (decimal === null) return;
    const min = decimalLimit(field.validate.min, expressions);
    if (min !== undefined && compareDecimal(decimal, min) < 0) {
      this.issue(path, 'min', localize(`${name} must be at least ${formatDecimal(min)}.`, `${zh(name)}不得小于 ${formatDecimal(min)}。`));
    }
    const max = decimalLimit(field.validate.max, expressions);
    if (max !== undefined && compareDecimal(decimal, max) > 0) {
      this.issue(path, 'max', localize(`${name} must be at most ${formatDecimal(max)}.`, `${zh(name)}不得大于 ${formatDecimal(max)}。`));
    }
    if (field.decimalDigits !== undefined && decimalPlaces(decimal) > field.decimalDigits) {
      const digits = field.decimalDigits;
      const expected = digits === 0 ? 'a whole number' : `a number with at most ${digits} decimal digit(s)`;
      this.issue(path, 'decimalDigits', localize(`${name} must be ${expected}.`, digits === 0 ? `${zh(name)}须为整数。` : `${zh(name)}至多保留 ${digits} 位小数。`));
    }
    const step = field.increment === undefined ? null : parseDecimal(field.increment);
    const nearest = step === null ? null : nearestMultiples(decimal, step);
    if (step !== null && nearest !== null) {
      const [below, above] = nearest.map(formatDecimal);
      this.issue(
        path,
        'increment',
        localize(`${name} must be a multiple of ${formatDecimal(step)}; the nearest valid values are ${below} and ${above}.`, `${zh(name)}须为 ${formatDecimal(step)} 的整数倍，最接近的有效值为 ${below} 和 ${above}。`),
      );
    }
  }

  /** Membership in the static options; returns the option's own value (so `"1"` becomes `1` for a numeric option). */
  private choice(check: Check, value: unknown): unknown {
    const { field, path, name } = check;
    if (field.options === null) return value;
    const option = findOption(field, value);
    if (option === undefined) {
      this.issue(path, 'option', localize(`${name} must be one of the offered options; ${display(value)} is not.`, `${zh(name)}须为所列选项之一，${display(value)} 不在其中。`));
      return value;
    }
    return option;
  }

  /** Membership of every entry in the static options, and `minItems`/`maxItems`. */
  private choices(check: Check, value: unknown[]): unknown[] {
    const { field, path, name } = check;
    this.counts(check, value.length);
    if (field.options === null) return value;
    const unknown = value.filter((entry) => findOption(field, entry) === undefined);
    if (unknown.length > 0) {
      const list = unknown.map(display).join(', ');
      const verb = unknown.length > 1 ? 'are' : 'is';
      this.issue(path, 'option', localize(`${name} may only contain the offered options; ${list} ${verb} not.`, `${zh(name)}只能包含所列选项，${list} 不在其中。`));
      return value;
    }
    return value.map((entry) => findOption(field, entry));
  }

  private datetime(check: Check, value: string): void {
    const { field, path, name } = check;
    let date: string | undefined;
    if (field.subtype === 'time') {
      if (!TIME_PATTERN.test(value)) this.issue(path, 'date', localize(`${name} must be a time HH:mm.`, `${zh(name)}须为 HH:mm 格式的时间。`));
      return;
    }
    if (field.subtype === 'datetime') {
      const match = DATETIME_PATTERN.exec(value);
      date = match?.[1];
      if (!match || !isIsoDate(date!)) {
        this.issue(path, 'date', localize(`${name} must be a date and time YYYY-MM-DDTHH:mm.`, `${zh(name)}须为 YYYY-MM-DDTHH:mm 格式的日期时间。`));
        return;
      }
    } else {
      if (!isIsoDate(value)) {
        this.issue(path, 'date', localize(`${name} must be a date YYYY-MM-DD.`, `${zh(name)}须为 YYYY-MM-DD 格式的日期。`));
        return;
      }
      date = value;
    }
    if (field.disallowPassedDates && date !== undefined && date < chinaToday(this.now)) {
      this.issue(path, 'date', localize(`${name} must not be in the past.`, `${zh(name)}不得早于今天。`));
    }
  }

  private files(check: Check, value: string[]): void {
    const { field, path, name } = check;
    if (!field.multiple && value.length > 1) {
      this.issue(path, 'maxItems', localize(`${name} must have at most 1 file.`, `${zh(name)}只能上传 1 个文件。`));
    }
    this.counts(check, value.length);
  }

  private counts(check: Check, count: number): void {
    const { field, path, name } = check;
    if (field.minItems !== undefined && count < field.minItems) {
      this.issue(path, 'minItems', localize(`${name} must have at least ${field.minItems} ${entries(field.minItems)}.`, `${zh(name)}须至少有 ${field.minItems} 项。`));
    }
    if (field.maxItems !== undefined && count > field.maxItems) {
      this.issue(path, 'maxItems', localize(`${name} must have at most ${field.maxItems} ${entries(field.maxItems)}.`, `${zh(name)}至多 ${field.maxItems} 项。`));
    }
  }

  private pattern(source: string): RegExp {
    let pattern = this.patterns.get(source);
    if (pattern === undefined) {
      pattern = new RegExp(source);
      this.patterns.set(source, pattern);
    }
    return pattern;
  }

  private issue(path: string, code: SubmissionIssueCode, message: string): void {
    this.issues.push({ path, code, message });
  }
}

/** What a rule needs to know about the field it checks. */
interface Check {
  field: FormField;
  path: string;
  /** The field's label (or key) in quotes, for messages. */
  name: string;
  expressions: ExpressionScope;
}

/** Reports names the form does not know, and non-objects/non-lists where the form expects objects/lists. */
function checkShape(
  entries: ReadonlyMap<string, DataShape>,
  data: Record<string, unknown>,
  at: readonly string[],
  issues: SubmissionIssue[],
): void {
  for (const [key, value] of Object.entries(data)) {
    const node = entries.get(key);
    const path = [...at, key];
    if (node === undefined) {
      issues.push({ path: path.join('.'), code: 'unknown', message: localize(`${quoted(key)} is not a field of this form.`, `${zh(quoted(key))}不是本表单的字段。`) });
    } else if (node.kind === 'object' && value != null) {
      if (isPlainObject(value)) checkShape(node.entries, value, path, issues);
      else issues.push({ path: path.join('.'), code: 'type', message: localize(`${quoted(key)} must be an object.`, `${zh(quoted(key))}须为对象。`) });
    } else if (node.kind === 'list' && value != null) {
      if (!Array.isArray(value)) {
        const name = quoted(node.list.label || key);
        issues.push({ path: path.join('.'), code: 'type', message: localize(`${name} must be a list.`, `${zh(name)}须为列表。`) });
        continue;
      }
      value.forEach((item: unknown, index) => {
        const itemPath = [...path, String(index)];
        if (isPlainObject(item)) {
          checkShape(node.item, item, itemPath, issues);
        } else {
          const message = localize(`Entry ${index + 1} of ${quoted(node.list.label || key)} must be an object.`, `${zh(quoted(node.list.label || key))}第 ${index + 1} 项须为对象。`);
          issues.push({ path: itemPath.join('.'), code: 'type', message });
        }
      });
    }
  }
}

/** The submitted values of the fields the submitter may set, coerced, ignoring conditions: what FEEL conditions see. */
function collect(
  components: readonly FormComponent[],
  data: Record<string, unknown>,
  out: Record<string, unknown>,
): void {
  for (const component of components) {
    if (component.kind === 'group') {
      collect(component.components, data, out);
    } else if (component.kind === 'field') {
      if (!component.acceptsInput || typeof component.readOnly === 'string') continue;
      const raw = getIn(data, component.keyPath);
      if (raw === undefined) continue;
      const coerced = coerce(component, raw);
      if (coerced.ok) setIn(out, component.keyPath, coerced.value);
    } else if (component.kind === 'list') {
      const raw = getIn(data, component.pathSegments);
      if (!Array.isArray(raw)) continue;
      const items = raw.map((item: unknown) => {
        const itemOut: Record<string, unknown> = {};
        if (isPlainObject(item)) collect(component.components, item, itemOut);
        return itemOut;
      });
      setIn(out, component.pathSegments, items);
    }
  }
}

/** Converts a submitted value to the type form-js submits for the field, or says what was expected. */
function coerce(field: FormField, raw: unknown): Coerced {
  const dynamicOptions = field.options === null;
  switch (field.type) {
    case 'textfield':
    case 'textarea':
      if (raw === null) return { ok: true, value: '' };
      if (typeof raw === 'string') return { ok: true, value: raw };
      if (typeof raw === 'number' && Number.isFinite(raw)) return { ok: true, value: String(raw) };
      return { ok: false, expected: 'text' };
    case 'number': {
      if (raw === null || (typeof raw === 'string' && raw.trim() === '')) return { ok: true, value: null };
      if ((typeof raw !== 'number' && typeof raw !== 'string') || parseDecimal(raw) === null) {
        return { ok: false, expected: 'a number' };
      }
      const number = typeof raw === 'number' ? raw : Number(raw.trim());
      if (!Number.isFinite(number)) return { ok: false, expected: 'a number' };
      if (field.serializeToString) return { ok: true, value: typeof raw === 'string' ? raw.trim() : String(raw) };
      return { ok: true, value: number };
    }
    case 'checkbox':
      if (raw === null) return { ok: true, value: false };
      if (typeof raw === 'boolean') return { ok: true, value: raw };
      if (raw === 'true' || raw === 'false') return { ok: true, value: raw === 'true' };
      return { ok: false, expected: 'true or false' };
    case 'select':
    case 'radio':
      if (raw === null || raw === '') return { ok: true, value: null };
      if (isPrimitive(raw) || (dynamicOptions && isPlainObject(raw))) return { ok: true, value: raw };
      return { ok: false, expected: 'one option' };
    case 'checklist':
    case 'taglist':
      if (raw === null) return { ok: true, value: [] };
      if (Array.isArray(raw) && raw.every((v) => isPrimitive(v) || (dynamicOptions && isPlainObject(v)))) {
        return { ok: true, value: raw };
      }
      return { ok: false, expected: 'a list of options' };
    case 'datetime':
      if (raw === null || raw === '') return { ok: true, value: null };
      if (typeof raw === 'string') return { ok: true, value: raw };
      return { ok: false, expected: field.subtype === 'time' ? 'a time' : 'a date' };
    case 'filepicker':
      if (raw === null) return { ok: true, value: [] };
      if (typeof raw === 'string' && raw.trim() !== '') return { ok: true, value: [raw] };
      if (Array.isArray(raw) && raw.every((v) => typeof v === 'string' && v.trim() !== '')) {
        return { ok: true, value: raw };
      }
      return { ok: false, expected: 'a list of document ids' };
    case 'expression':
      return { ok: false, expected: 'computed by the form' };
  }
}

/** form-js's notion of "no value" (plus blank text, which form-js accepts as a value). */
function isEmpty(field: FormField, value: unknown): boolean {
  if (value === null || value === undefined) return true;
  if (typeof value === 'string') return value.trim() === '';
  if (Array.isArray(value)) return value.length === 0;
  return field.type === 'checkbox' && value === false;
}

/** The static option matching `value` exactly or by its text (`"1"` matches the option `1`); its value. */
function findOption(field: FormField, value: unknown): string | number | boolean | undefined {
  const options = field.options ?? [];
  const exact = options.find((option) => option.value === value);
  if (exact) return exact.value;
  if (typeof value !== 'string') return undefined;
  return options.find((option) => String(option.value) === value)?.value;
}

/** A limit as a number: static, or a FEEL expression yielding a number (or numeric text); else no limit. */
function limitValue(limit: Limit | undefined, expressions: ExpressionScope): number | undefined {
  if (limit === undefined) return undefined;
  if (typeof limit === 'number') return limit;
  const value = evaluateExpression(limit, expressions);
  const number =
    typeof value === 'number' ? value : typeof value === 'string' && value.trim() !== '' ? Number(value) : NaN;
  return Number.isFinite(number) ? number : undefined;
}

function decimalLimit(limit: Limit | undefined, expressions: ExpressionScope): Decimal | undefined {
  const value = limitValue(limit, expressions);
  return value === undefined ? undefined : (parseDecimal(value) ?? undefined);
}

function getIn(data: unknown, path: readonly string[]): unknown {
  let current = data;
  for (const segment of path) {
    if (!isPlainObject(current) || !Object.hasOwn(current, segment)) return undefined;
    current = current[segment];
  }
  return current;
}

/** Sets `path` in `target`, creating objects on the way (the form's names never include `__proto__` and kin). */
function setIn(target: Record<string, unknown>, path: readonly string[], value: unknown): void {
  let current = target;
  path.forEach((segment, index) => {
    if (index === path.length - 1) {
      current[segment] = value;
      return;
    }
    const next = current[segment];
    if (isPlainObject(next)) {
      current = next;
    } else {
      const created: Record<string, unknown> = {};
      current[segment] = created;
      current = created;
    }
  });
}

/** `over` laid onto `base`, objects merged key by key, anything else (lists too) replaced. */
function deepMerge(base: Record<string, unknown>, over: Record<string, unknown>): Record<string, unknown> {
  const result: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(base)) {
    if (key !== '__proto__') result[key] = value;
  }
  for (const [key, value] of Object.entries(over)) {
    if (key === '__proto__') continue;
    const existing = result[key];
    result[key] = isPlainObject(value) && isPlainObject(existing) ? deepMerge(existing, value) : value;
  }
  return result;
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return false;
  const prototype = Object.getPrototypeOf(value) as unknown;
  return prototype === Object.prototype || prototype === null;
}

function isPrimitive(value: unknown): value is string | number | boolean {
  if (typeof value === 'number') return Number.isFinite(value);
  return typeof value === 'string' || typeof value === 'boolean';
}

function quoted(name: string): string {
  return `"${name}"`;
}

function display(value: unknown): string {
  return typeof value === 'string' ? quoted(value) : JSON.stringify(value);
}

function entries(count: number): string {
  return count === 1 ? 'entry' : 'entries';
}

/** A field's quoted name as Chinese writes it: `"负责人"` becomes `“负责人”`. */
function zh(name: string): string {
  return name.startsWith('"') && name.endsWith('"') ? `“${name.slice(1, -1)}”` : name;
}
