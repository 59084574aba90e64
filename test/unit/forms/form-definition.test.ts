import { FormDefinitionError, parseFormDefinition } from '../../../src/forms/index.js';

/** A minimal form around `components`. */
function formJson(components: unknown[], extra: Record<string, unknown> = {}): Record<string, unknown> {
  return { id: 'test-form', type: 'default', schemaVersion: 16, components, ...extra };
}

/** The problems `parseFormDefinition` reports for `json`, as `path: message` lines. */
function problems(json: unknown): string[] {
  try {
    parseFormDefinition(json);
  } catch (error) {
    expect(error).toBeInstanceOf(FormDefinitionError);
    const e = error as FormDefinitionError;
    expect(e.code).toBe('FORM_INVALID');
    expect(e.status).toBe(400);
    return e.issues.map((i) => `${i.path}: ${i.message}`);
  }
  throw new Error('expected the form to be rejected');
}

describe('parseFormDefinition', () => {
  it('collects the input fields with their data paths, through groups and dynamic lists', () => {
    const form = parseFormDefinition(
      formJson([
        { type: 'text', text: '# 申请' },
        { type: 'textfield', key: 'name', label: '名称', id: 'Field_Name' },
        {
          type: 'group',
          path: 'company',
          components: [
            { type: 'textfield', key: 'creditCode', properties: { checksum: 'credit-code' } },
            { type: 'group', path: 'address', components: [{ type: 'textfield', key: 'city' }] },
          ],
        },
        {
          type: 'dynamiclist',
          path: 'managers',
          isRepeating: true,
          properties: { minItems: '1', maxItems: 5 },
          components: [{ type: 'textfield', key: 'person.idNumber', properties: { checksum: 'resident-id' } }],
        },
        { type: 'group', components: [{ type: 'number', key: 'staff' }] },
        { type: 'button', action: 'submit', label: '提交' },
      ]),
    );

    expect(form.id).toBe('test-form');
    expect(form.schemaVersion).toBe(16);
    expect(form.fields.map((f) => [f.type, f.dataPath, f.keyPath.join('.')])).toEqual([
      ['textfield', 'name', 'name'],
      ['textfield', 'company.creditCode', 'company.creditCode'],
      ['textfield', 'company.address.city', 'company.address.city'],
      ['textfield', 'managers[].person.idNumber', 'person.idNumber'],
      ['number', 'staff', 'staff'],
    ]);
    expect(form.fields[1]!.checksum).toBe('credit-code');
    const list = form.components[3]!;
    expect(list).toMatchObject({ kind: 'list', path: 'managers', minItems: 1, maxItems: 5 });
    expect([...form.shape.keys()]).toEqual(['name', 'company', 'managers', 'staff']);
    expect(form.components.map((c) => c.kind)).toEqual(['display', 'field', 'group', 'list', 'group', 'display']);
  });

  it('treats a dynamic list that does not repeat as a group', () => {
    const form = parseFormDefinition(
      formJson([{ type: 'dynamiclist', path: 'x', components: [{ type: 'textfield', key: 'y' }] }]),
    );
    expect(form.components[0]).toMatchObject({ kind: 'group', type: 'dynamiclist' });
    expect(form.fields[0]!.dataPath).toBe('x.y');
  });

  it('marks disabled, read-only and computed fields as not accepting input', () => {
    const form = parseFormDefinition(
      formJson([
        { type: 'textfield', key: 'a', disabled: true },
        { type: 'textfield', key: 'b', readonly: true },
        { type: 'textfield', key: 'c', readonly: '=locked' },
        { type: 'expression', key: 'd', expression: '=1 + 1', computeOn: 'change' },
        { type: 'textfield', key: 'e', readonly: false },
      ]),
    );
    expect(form.fields.map((f) => [f.key, f.acceptsInput, f.readOnly])).toEqual([
      ['a', false, false],
      ['b', false, true],
      ['c', true, '=locked'],
      ['d', false, false],
      ['e', true, false],
    ]);
  });

  it('keeps static options, and none when they come from valuesKey or valuesExpression', () => {
    const form = parseFormDefinition(
      formJson([
        { type: 'select', key: 's', values: [{ label: '同意', value: 'approve' }, { value: 'refuse' }, 3] },
        { type: 'radio', key: 'r', valuesKey: 'choices' },
        { type: 'taglist', key: 't', valuesExpression: '=tags' },
      ]),
    );
    expect(form.fields[0]!.options).toEqual([
      { label: '同意', value: 'approve' },
      { label: 'refuse', value: 'refuse' },
      { label: '3', value: 3 },
    ]);
    expect(form.fields[1]!.options).toBeNull();
    expect(form.fields[2]!.options).toBeNull();
  });

  it('reads numeric limits written as text and keeps FEEL limits for later', () => {
    const form = parseFormDefinition(
      formJson([{ type: 'number', key: 'n', validate: { min: '0', max: '=limit', required: true } }]),
    );
    expect(form.fields[0]!.validate).toEqual({ required: true, min: 0, max: '=limit' });
  });

  it('keeps only FEEL hide conditions, as form-js does', () => {
    const form = parseFormDefinition(
      formJson([
        { type: 'textfield', key: 'a', conditional: { hide: '=x = 1' } },
        { type: 'textfield', key: 'b', conditional: { hide: true } },
      ]),
    );
    expect(form.fields.map((f) => f.hide)).toEqual(['=x = 1', undefined]);
  });

  it('rejects what is not a form', () => {
    expect(problems(null)).toEqual([': Invalid input: expected object, received null']);
    expect(problems({ type: 'default', components: [] })).toEqual(['id: a form needs an id']);
    expect(problems({ id: '', components: [] })).toEqual(['id: a form needs an id']);
    expect(problems({ id: 'x', components: 'none' })).toEqual([
      'components: Invalid input: expected array, received string',
    ]);
  });

  it('rejects malformed components, naming each by its JSON path', () => {
    const found = problems(
      formJson([
        { type: 'textfield' },
        { type: 'textfield', key: 'has space' },
        { type: 'rating', key: 'stars' },
        { type: 'number', key: 'n', validate: { min: 'many' } },
        { type: 'textfield', key: 'p', validate: { pattern: '([a-z' } },
        { type: 'select', key: 's' },
        { type: 'textfield', key: 'c', properties: { checksum: 'iban' } },
        { type: 'checkbox', key: 'd', properties: { checksum: 'resident-id' } },
        { type: 'dynamiclist', isRepeating: true, components: [] },
        { type: 'group', path: 'a..b', components: [] },
        { type: 'textfield', key: '__proto__' },
        { type: 'textarea', key: 'l', validate: { maxLength: -1 } },
        { type: 'checklist', key: 'm', values: [{ value: 'a' }], properties: { maxItems: 'lots' } },
      ]),
    );
    expect(found).toEqual([
      'components.0.key: a textfield needs a key of word characters separated by dots',
      'components.1.key: a textfield needs a key of word characters separated by dots',
      'components.2.type: unknown component type "rating"',
      'components.3.validate.min: must be a number or a FEEL expression',
      expect.stringMatching(/^components\.4\.validate\.pattern: the pattern does not compile: /),
      'components.5: a select needs values, valuesKey or valuesExpression',
      'components.6.properties.checksum: must be "resident-id" or "credit-code"',
      'components.7.properties.checksum: only a textfield or textarea can have a checksum',
      'components.8.path: a repeating dynamic list needs a path',
      'components.9.path: a path must be word characters separated by dots',
      'components.10.key: "__proto__" cannot be used as a name',
      'components.11.validate.maxLength: must be a whole number ≥ 0 or a FEEL expression',
      'components.12.properties.maxItems: must be a whole number ≥ 0',
    ]);
  });

  it('rejects two fields bound to the same data, and a field inside another value', () => {
    expect(
      problems(
        formJson([
          { type: 'textfield', key: 'name', id: 'A' },
          { type: 'group', components: [{ type: 'textfield', key: 'name', id: 'B' }] },
          { type: 'textfield', key: 'x', id: 'C' },
          { type: 'group', path: 'x', components: [{ type: 'textfield', key: 'y', id: 'D' }] },
          { type: 'dynamiclist', isRepeating: true, path: 'list', id: 'L', components: [] },
          { type: 'textfield', key: 'list.z', id: 'E' },
        ]),
      ),
    ).toEqual([
      ': "B" and "A" are both bound to "name"',
      ': "D" is bound to "x.y", inside the value of "C"',
      ': "E" is bound to "list.z", inside the value of "L"',
    ]);
  });

  it('allows the same key in different list items and groups sharing a path', () => {
    const form = parseFormDefinition(
      formJson([
        { type: 'textfield', key: 'name' },
        { type: 'dynamiclist', isRepeating: true, path: 'list', components: [{ type: 'textfield', key: 'name' }] },
        { type: 'group', path: 'g', components: [{ type: 'textfield', key: 'a' }] },
        { type: 'group', path: 'g', components: [{ type: 'textfield', key: 'b' }] },
      ]),
    );
    expect(form.fields.map((f) => f.dataPath)).toEqual(['name', 'list[].name', 'g.a', 'g.b']);
  });

  it('rejects a component id used twice', () => {
    expect(
      problems(
        formJson([
          { type: 'textfield', key: 'a', id: 'Field_1' },
          { type: 'textfield', key: 'b', id: 'Field_1' },
        ]),
      ),
    ).toEqual([': the component id "Field_1" is used 2 times (components.0, components.1)']);
  });

  it('names the source and the first problem in the message', () => {
    expect(() => parseFormDefinition(formJson([{ type: 'rating', key: 'x' }]), { source: 'forms/x.form' })).toThrow(
      'Form forms/x.form is invalid: components.0.type: unknown component type "rating"',
    );
  });
});
