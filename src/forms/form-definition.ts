/**
 * form-js form definitions (the JSON of a `.form` file, schemaVersion 16 and others) parsed into a typed tree
 * that the server validates submissions against. Parsing checks what the validator relies on — known component
 * types, well-formed keys and paths, compilable patterns, numeric limits, no two fields bound to the same data —
 * and rejects anything else with a `FormDefinitionError` (`FORM_INVALID`) listing every problem.
 */

import { z } from 'zod';
import { ValidationError, type ValidationIssue } from '../errors.js';
import { parseDecimal } from './decimal.js';
import { isFeelExpression } from './feel.js';
import { bilingual } from '../language.js';

/** Component types whose value the submitter enters. */
export const INPUT_FIELD_TYPES = [
  'textfield',
  'textarea',
  'number',
  'select',
  'radio',
  'checkbox',
  'checklist',
  'taglist',
  'datetime',
  'filepicker',
] as const;

/** A component type whose value the submitter enters. */
export type InputFieldType = (typeof INPUT_FIELD_TYPES)[number];

/** Keyed component types: the input types plus `expression`, whose value form-js computes (never accepted here). */
export type FieldType = InputFieldType | 'expression';

/** Component types that only display something and carry no value. */
export const DISPLAY_TYPES = [
  'text',
  'html',
  'spacer',
  'separator',
  'image',
  'table',
  'iframe',
  'button',
  'documentPreview',
] as const;

/** A component type that only displays something. */
export type DisplayType = (typeof DISPLAY_TYPES)[number];

/** Check-character algorithms a text field can ask for with the custom property `checksum`. */
export type ChecksumKind = 'resident-id' | 'credit-code';

/** A limit of a `validate` rule: a number, or a FEEL expression (`=…`) evaluated when a submission is validated. */
export type Limit = number | string;

/** The `validate` rules of a field. */
export interface FieldValidation {
  required: boolean;
  minLength?: Limit;
  maxLength?: Limit;
  min?: Limit;
  max?: Limit;
  /** The pattern as written in the form (matched unanchored, like form-js: write `^…$` to match the whole value). */
  pattern?: string;
  patternErrorMessage?: string;
  validationType?: 'email' | 'phone';
}

/** A static option of a select, radio, checklist or taglist. */
export interface FieldOption {
  value: string | number | boolean;
  label: string;
}

/** What every component has. */
export interface ComponentBase {
  /** The component's `id`, or a generated `<type>:<position>` when the form has none. */
  readonly id: string;
  readonly type: string;
  readonly label: string | undefined;
  /** `conditional.hide` when it is a FEEL expression (`=…`); form-js ignores anything else, and so does this. */
  readonly hide: string | undefined;
  /** form-js custom properties (`properties`), e.g. `{ "checksum": "resident-id" }`. */
  readonly properties: Readonly<Record<string, unknown>>;
}

/** A field bound to a value by its `key`. */
export interface FormField extends ComponentBase {
  readonly kind: 'field';
  readonly type: FieldType;
  readonly key: string;
  /** `key` split at dots, relative to the enclosing groups' paths within the current scope. */
  readonly keyPath: readonly string[];
  /** Where the value lives in the submission, list items written as `[]`, e.g. `managers[].idNumber`. */
  readonly dataPath: string;
  readonly disabled: boolean;
  /** `readonly`: `true`, `false`, or a FEEL condition evaluated when a submission is validated. */
  readonly readOnly: boolean | string;
  /**
   * Whether the submitter may set the value at all: false for disabled, read-only (`readonly: true`) and
   * expression fields, whose submitted values are dropped.
   */
  readonly acceptsInput: boolean;
  readonly validate: FieldValidation;
  /** Static options of a choice field; `null` for other fields and for options from `valuesKey`/`valuesExpression`. */
  readonly options: readonly FieldOption[] | null;
  readonly checksum: ChecksumKind | undefined;
  /** Least and most entries of a checklist, taglist or file picker (custom properties `minItems`, `maxItems`). */
  readonly minItems: number | undefined;
  readonly maxItems: number | undefined;
  /** Datetime subtype (form-js's default is `date`); `undefined` for other types. */
  readonly subtype: 'date' | 'time' | 'datetime' | undefined;
  readonly disallowPassedDates: boolean;
  readonly decimalDigits: number | undefined;
  /** Number step as a decimal string, e.g. `0.5`. */
  readonly increment: string | undefined;
  /** Number fields: submit the value as a string (unlimited precision) instead of a number. */
  readonly serializeToString: boolean;
  /** File pickers: several files allowed (`multiple` true or an expression). */
  readonly multiple: boolean;
}

/** A group, or a dynamic list that does not repeat: its children's data under `path` (if any). */
export interface FormGroup extends ComponentBase {
  readonly kind: 'group';
  readonly type: 'group' | 'dynamiclist';
  /** `path` split at dots, after the enclosing groups' paths within the current scope (the form or a list item). */
  readonly pathSegments: readonly string[];
  readonly components: readonly FormComponent[];
}

/** A repeating dynamic list: an array under `path`, each item holding the children's data. */
export interface FormList extends ComponentBase {
  readonly kind: 'list';
  readonly type: 'dynamiclist';
  readonly path: string;
  /** `path` split at dots, after the enclosing groups' paths within the current scope (the form or a list item). */
  readonly pathSegments: readonly string[];
  readonly components: readonly FormComponent[];
  /** Least and most items, from the custom properties `minItems` and `maxItems` (form-js has no such settings). */
  readonly minItems: number | undefined;
  readonly maxItems: number | undefined;
}

/** A component that carries no value. */
export interface FormDisplay extends ComponentBase {
  readonly kind: 'display';
  readonly type: DisplayType;
}

/** A node of the component tree. */
export type FormComponent = FormField | FormGroup | FormList | FormDisplay;

/** The data a form reads and writes, as a tree of names: values, objects (group paths, dotted keys) and lists. */
export type DataShape =
  | { readonly kind: 'value'; readonly field: FormField }
  | { readonly kind: 'object'; readonly entries: ReadonlyMap<string, DataShape> }
  | { readonly kind: 'list'; readonly list: FormList; readonly item: ReadonlyMap<string, DataShape> };

/** A parsed form definition. */
export interface FormDefinition {
  readonly id: string;
  readonly schemaVersion: number | undefined;
  readonly components: readonly FormComponent[];
  /** Every keyed field, in document order. */
  readonly fields: readonly FormField[];
  /** The top-level names of the data and what lies under each. */
  readonly shape: ReadonlyMap<string, DataShape>;
}

/** Options of {@link parseFormDefinition}. */
export interface ParseFormOptions {
  /** Where the JSON came from (e.g. a file name), for error messages. */
  source?: string;
}

/** A form definition is malformed (`FORM_INVALID`, 400); `details.issues` names each problem by its JSON path. */
export class FormDefinitionError extends ValidationError {
  constructor(message: string, issues: ValidationIssue[] = []) {
    super(message, issues, 'FORM_INVALID');
  }
}

/**
 * Parses the JSON of a form-js form (already `JSON.parse`d) into a {@link FormDefinition}. Throws a
 * {@link FormDefinitionError} listing every problem when the form is malformed or uses something this validator
 * cannot check (an unknown component type, a pattern that does not compile, two fields bound to the same data…).
 */
export function parseFormDefinition(json: unknown, options: ParseFormOptions = {}): FormDefinition {
  const parser = new Parser();
  const root = rootSchema.safeParse(json);
  if (!root.success) {
    parser.zodIssues(root.error, []);
    throw parser.error(options.source, undefined);
  }
  const components = parser.components(root.data.components, ['components'], [], '');
  const shape = parser.shape(components);
  parser.duplicateIds();
  if (parser.issues.length > 0) throw parser.error(options.source, root.data.id);
  return { id: root.data.id, schemaVersion: root.data.schemaVersion, components, fields: parser.fields, shape };
}

// helpers ////

/** `key`: word characters separated by dots (form-js's JSON schema). */
const KEY_PATTERN = /^\w+(\.\w+)*$/;

/** Names that must never become property names of the objects this module builds. */
const RESERVED_SEGMENTS = new Set(['__proto__', 'prototype', 'constructor']);

const CHOICE_TYPES = new Set<string>(['select', 'radio', 'checklist', 'taglist']);
const TEXT_TYPES = new Set<string>(['textfield', 'textarea']);
const COUNTED_TYPES = new Set<string>(['checklist', 'taglist', 'filepicker']);

const limitSchema = z.union([z.number(), z.string()]);

const validateSchema = z.looseObject({
  required: z.boolean().optional(),
  minLength: limitSchema.optional(),
  maxLength: limitSchema.optional(),
  min: limitSchema.optional(),
  max: limitSchema.optional(),
  pattern: z.string().optional(),
  patternErrorMessage: z.string().optional(),
  validationType: z.enum(['email', 'phone', 'custom', '']).nullable().optional(),
});

const primitiveSchema = z.union([z.string(), z.number(), z.boolean()]);

const optionSchema = z.union([
  primitiveSchema,
  z.looseObject({ label: z.string().optional(), value: primitiveSchema }),
]);

const componentSchema = z.looseObject({
  type: z.string().min(1),
  id: z.string().min(1).optional(),
  key: z.string().optional(),
  path: z.string().optional(),
  label: z.string().optional(),
  readonly: z.union([z.boolean(), z.string()]).optional(),
  disabled: z.union([z.boolean(), z.string()]).optional(),
  validate: validateSchema.optional(),
  values: z.array(optionSchema).optional(),
  valuesKey: z.string().optional(),
  valuesExpression: z.string().optional(),
  conditional: z.looseObject({ hide: z.union([z.string(), z.boolean()]).optional() }).optional(),
  properties: z.record(z.string(), z.unknown()).optional(),
  components: z.array(z.unknown()).optional(),
  subtype: z.enum(['date', 'time', 'datetime']).optional(),
  disallowPassedDates: z.boolean().optional(),
  decimalDigits: z.number().int().min(0).optional(),
  increment: z.union([z.number(), z.string()]).optional(),
  serializeToString: z.boolean().optional(),
  multiple: z.union([z.boolean(), z.string()]).optional(),
  isRepeating: z.boolean().optional(),
});

type RawComponent = z.infer<typeof componentSchema>;

const rootSchema = z.looseObject({
  id: z.string({ error: bilingual('a form needs an id', '表单须有编号') }).min(1, 'a form needs an id'),
  type: z.literal('default').optional(),
  schemaVersion: z.number().int().min(1).optional(),
  components: z.array(z.unknown()),
});

type MutableShape = Map<string, ShapeNode>;
type ShapeNode =
  | { kind: 'value'; field: FormField; at: string }
  | { kind: 'object'; entries: MutableShape; at: string }
  | { kind: 'list'; list: FormList; item: MutableShape; at: string };

/** Collects the problems of one form while building its tree. */
class Parser {
  readonly issues: ValidationIssue[] = [];
  readonly fields: FormField[] = [];
  private readonly ids = new Map<string, string[]>();

  error(source: string | undefined, id: string | undefined): FormDefinitionError {
    const name = source ?? (id ? `"${id}"` : 'definition');
    const first = this.issues[0];
    const more = this.issues.length > 1 ? ` (and ${this.issues.length - 1} more problem(s))` : '';
    const detail = first ? `${first.path ? first.path + ': ' : ''}${first.message}${more}` : 'malformed';
    return new FormDefinitionError(`Form ${name} is invalid: ${detail}`, this.issues);
  }

  zodIssues(error: z.ZodError, at: readonly (string | number)[]): void {
    for (const issue of error.issues) {
      this.add([...at, ...issue.path.map((p) => (typeof p === 'symbol' ? String(p) : p))], issue.message);
    }
  }

  add(at: readonly (string | number)[], message: string): void {
    this.issues.push({ path: at.join('.'), message, code: 'FORM_INVALID' });
  }

  components(
    raw: readonly unknown[],
    at: readonly (string | number)[],
    scopePrefix: readonly string[],
    dataPrefix: string,
  ): FormComponent[] {
    const result: FormComponent[] = [];
    raw.forEach((item, index) => {
      const component = this.component(item, [...at, index], scopePrefix, dataPrefix);
      if (component) result.push(component);
    });
    return result;
  }

  private component(
    item: unknown,
    at: readonly (string | number)[],
    scopePrefix: readonly string[],
    dataPrefix: string,
  ): FormComponent | null {
    const parsed = componentSchema.safeParse(item);
    if (!parsed.success) {
      this.zodIssues(parsed.error, at);
      return null;
    }
    const raw = parsed.data;
    const id = raw.id ?? `${raw.type}:${at.slice(1).join('.')}`;
    if (raw.id) this.ids.set(raw.id, [...(this.ids.get(raw.id) ?? []), at.join('.')]);
    const base = {
      id,
      label: raw.label,
      hide: isFeelExpression(raw.conditional?.hide) ? raw.conditional.hide : undefined,
      properties: raw.properties ?? {},
    };

    if ((INPUT_FIELD_TYPES as readonly string[]).includes(raw.type) || raw.type === 'expression') {
      return this.field(raw, raw.type as FieldType, base, at, scopePrefix, dataPrefix);
    }
    if ((DISPLAY_TYPES as readonly string[]).includes(raw.type)) {
      return { kind: 'display', type: raw.type as DisplayType, ...base };
    }
    if (raw.type === 'group' || raw.type === 'dynamiclist') {
      return this.container(raw, raw.type, base, at, scopePrefix, dataPrefix);
    }
    this.add([...at, 'type'], `unknown component type "${raw.type}"`);
    return null;
  }

  private field(
    raw: RawComponent,
    type: FieldType,
    base: Pick<ComponentBase, 'id' | 'label' | 'hide' | 'properties'>,
    at: readonly (string | number)[],
    scopePrefix: readonly string[],
    dataPrefix: string,
  ): FormField | null {
    if (raw.key === undefined || !KEY_PATTERN.test(raw.key)) {
      this.add([...at, 'key'], `a ${type} needs a key of word characters separated by dots`);
      return null;
    }
    const keyPath = raw.key.split('.');
    this.checkSegments(keyPath, [...at, 'key']);
    const isChoice = CHOICE_TYPES.has(type);
    const dynamicOptions = raw.valuesKey !== undefined || raw.valuesExpression !== undefined;
    if (isChoice && !dynamicOptions && raw.values === undefined) {
      this.add(at, `a ${type} needs values, valuesKey or valuesExpression`);
    }
    const disabled = raw.disabled !== undefined && raw.disabled !== false && raw.disabled !== '';
    const readOnly = raw.readonly === undefined ? false : raw.readonly;
    const readOnlyValue = typeof readOnly === 'string' && !isFeelExpression(readOnly) ? readOnly !== '' : readOnly;
    const checksum = this.checksum(raw, type, at);
    const field: FormField = {
      kind: 'field',
      type,
      ...base,
      key: raw.key,
      keyPath: [...scopePrefix, ...keyPath],
      dataPath: joinData(dataPrefix, raw.key),
      disabled,
      readOnly: readOnlyValue,
      acceptsInput: type !== 'expression' && !disabled && readOnlyValue !== true,
      validate: this.validation(raw, [...at, 'validate']),
      options: isChoice && !dynamicOptions ? this.options(raw.values ?? [], [...at, 'values']) : null,
      checksum,
      minItems: COUNTED_TYPES.has(type) ? this.count(raw, 'minItems', at) : undefined,
      maxItems: COUNTED_TYPES.has(type) ? this.count(raw, 'maxItems', at) : undefined,
      subtype: type === 'datetime' ? (raw.subtype ?? 'date') : undefined,
      disallowPassedDates: raw.disallowPassedDates === true,
      decimalDigits: type === 'number' ? raw.decimalDigits : undefined,
      increment: type === 'number' ? this.increment(raw.increment, [...at, 'increment']) : undefined,
      serializeToString: raw.serializeToString === true,
      multiple: raw.multiple === true || isFeelExpression(raw.multiple),
    };
    this.fields.push(field);
    return field;
  }

  private container(
    raw: RawComponent,
    type: 'group' | 'dynamiclist',
    base: Pick<ComponentBase, 'id' | 'label' | 'hide' | 'properties'>,
    at: readonly (string | number)[],
    scopePrefix: readonly string[],
    dataPrefix: string,
  ): FormGroup | FormList {
    const path = raw.path ?? '';
    if (path !== '' && !KEY_PATTERN.test(path)) {
      this.add([...at, 'path'], 'a path must be word characters separated by dots');
    }
    const pathSegments = path === '' || !KEY_PATTERN.test(path) ? [] : path.split('.');
    this.checkSegments(pathSegments, [...at, 'path']);
    const children = raw.components ?? [];

    if (type === 'dynamiclist' && raw.isRepeating === true) {
      if (pathSegments.length === 0) this.add([...at, 'path'], 'a repeating dynamic list needs a path');
      const listData = joinData(dataPrefix, path) + '[]';
      return {
        kind: 'list',
        type,
        ...base,
        path,
        pathSegments: [...scopePrefix, ...pathSegments],
        components: this.components(children, [...at, 'components'], [], listData),
        minItems: this.count(raw, 'minItems', at),
        maxItems: this.count(raw, 'maxItems', at),
      };
    }
    return {
      kind: 'group',
      type,
      ...base,
      pathSegments: [...scopePrefix, ...pathSegments],
      components: this.components(
        children,
        [...at, 'components'],
        [...scopePrefix, ...pathSegments],
        joinData(dataPrefix, path),
      ),
    };
  }

  private validation(raw: RawComponent, at: readonly (string | number)[]): FieldValidation {
    const v = raw.validate ?? {};
    const result: FieldValidation = { required: v.required === true };
    for (const name of ['minLength', 'maxLength', 'min', 'max'] as const) {
      const limit = this.limit(v[name], [...at, name], name === 'minLength' || name === 'maxLength');
      if (limit !== undefined) result[name] = limit;
    }
    if (v.pattern !== undefined && v.pattern !== '') {
      try {
        new RegExp(v.pattern);
        result.pattern = v.pattern;
      } catch (error) {
        this.add([...at, 'pattern'], `the pattern does not compile: ${(error as Error).message}`);
      }
    }
    if (v.patternErrorMessage !== undefined && v.patternErrorMessage !== '') {
      result.patternErrorMessage = v.patternErrorMessage;
    }
    if (v.validationType === 'email' || v.validationType === 'phone') result.validationType = v.validationType;
    return result;
  }

  private limit(
    value: number | string | undefined,
    at: readonly (string | number)[],
    length: boolean,
  ): Limit | undefined {
    if (value === undefined || value === '') return undefined;
    if (isFeelExpression(value)) return value;
    const number = typeof value === 'number' ? value : value.trim() === '' ? NaN : Number(value);
    if (!Number.isFinite(number) || (length && (!Number.isInteger(number) || number < 0))) {
      const expected = length ? 'a whole number ≥ 0' : 'a number';
      this.add(at, `must be ${expected} or a FEEL expression`);
      return undefined;
    }
    return number;
  }

  private increment(value: number | string | undefined, at: readonly (string | number)[]): string | undefined {
    if (value === undefined || value === '') return undefined;
    const decimal = parseDecimal(value);
    if (decimal === null || decimal.units <= 0n) {
      this.add(at, 'must be a positive number');
      return undefined;
    }
    return String(value).trim();
  }

  private options(values: readonly z.infer<typeof optionSchema>[], at: readonly (string | number)[]): FieldOption[] {
    const result: FieldOption[] = [];
    values.forEach((option, index) => {
      const value = typeof option === 'object' ? option.value : option;
      if (value === '') {
        this.add([...at, index, 'value'], 'an option needs a non-empty value');
        return;
      }
      const label = typeof option === 'object' && option.label ? option.label : String(value);
      result.push({ value, label });
    });
    return result;
  }

  private checksum(raw: RawComponent, type: FieldType, at: readonly (string | number)[]): ChecksumKind | undefined {
    const value = raw.properties?.['checksum'];
    if (value === undefined) return undefined;
    if (value !== 'resident-id' && value !== 'credit-code') {
      this.add([...at, 'properties', 'checksum'], 'must be "resident-id" or "credit-code"');
      return undefined;
    }
    if (!TEXT_TYPES.has(type)) {
      this.add([...at, 'properties', 'checksum'], 'only a textfield or textarea can have a checksum');
      return undefined;
    }
    return value;
  }

  private count(
    raw: RawComponent,
    name: 'minItems' | 'maxItems',
    at: readonly (string | number)[],
  ): number | undefined {
    const value: unknown = raw.properties?.[name];
    if (value === undefined) return undefined;
    if (typeof value === 'string' && value.trim() === '') return undefined;
    const number = typeof value === 'number' ? value : typeof value === 'string' ? Number(value.trim()) : NaN;
    if (!Number.isInteger(number) || number < 0) {
      this.add([...at, 'properties', name], 'must be a whole number ≥ 0');
      return undefined;
    }
    return number;
  }

  private checkSegments(segments: readonly string[], at: readonly (string | number)[]): void {
    for (const segment of segments) {
      if (RESERVED_SEGMENTS.has(segment)) this.add(at, `"${segment}" cannot be used as a name`);
    }
  }

  /** Builds the data shape of a scope, reporting fields and lists bound to the same data. */
  shape(components: readonly FormComponent[]): MutableShape {
    const entries: MutableShape = new Map();
    this.fill(entries, components);
    return entries;
  }

  private fill(entries: MutableShape, components: readonly FormComponent[]): void {
    for (const component of components) {
      if (component.kind === 'field') {
        this.claim(entries, component.keyPath, { kind: 'value', field: component, at: component.id });
      } else if (component.kind === 'list') {
        const item: MutableShape = new Map();
        this.fill(item, component.components);
        this.claim(entries, component.pathSegments, { kind: 'list', list: component, item, at: component.id });
      } else if (component.kind === 'group') {
        this.fill(entries, component.components);
      }
    }
  }

  /** Puts `node` at `path`, creating objects on the way; a value or list cannot share its path with anything. */
  private claim(entries: MutableShape, path: readonly string[], node: ShapeNode): void {
    let current = entries;
    const name = path.join('.');
    for (const [index, segment] of path.entries()) {
      const existing = current.get(segment);
      const last = index === path.length - 1;
      if (last) {
        if (existing) {
          this.add([], `"${node.at}" and "${existing.at}" are both bound to "${name}"`);
          return;
        }
        current.set(segment, node);
        return;
      }
      if (existing === undefined) {
        const object: ShapeNode = { kind: 'object', entries: new Map(), at: node.at };
        current.set(segment, object);
        current = object.entries;
      } else if (existing.kind === 'object') {
        current = existing.entries;
      } else {
        this.add([], `"${node.at}" is bound to "${name}", inside the value of "${existing.at}"`);
        return;
      }
    }
  }

  duplicateIds(): void {
    for (const [id, places] of this.ids) {
      if (places.length > 1) {
        this.add([], `the component id "${id}" is used ${places.length} times (${places.join(', ')})`);
      }
    }
  }
}

function joinData(prefix: string, path: string): string {
  if (path === '') return prefix;
  return prefix === '' ? path : `${prefix}.${path}`;
}
