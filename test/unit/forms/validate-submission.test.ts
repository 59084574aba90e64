import {
  parseFormDefinition,
  validateSubmission,
  type FormDefinition,
  type SubmissionIssue,
} from '../../../src/forms/index.js';

const NOW = new Date('2026-06-01T04:00:00Z'); // 2026-06-01 12:00 in Beijing

/** A form of the given components. */
function form(...components: unknown[]): FormDefinition {
  return parseFormDefinition({ id: 'test-form', type: 'default', schemaVersion: 16, components });
}

/** The issues of a submission as `[path, code]` pairs. */
function codes(definition: FormDefinition, data: unknown, context?: Record<string, unknown>): Array<[string, string]> {
  return validateSubmission(definition, data, { now: NOW, context }).issues.map((i) => [i.path, i.code]);
}

/** The values of a submission that must be valid. */
function values(definition: FormDefinition, data: unknown, context?: Record<string, unknown>): Record<string, unknown> {
  const result = validateSubmission(definition, data, { now: NOW, context });
  expect(result.issues).toEqual([]);
  return result.values;
}

/** The one issue of a submission. */
function issue(definition: FormDefinition, data: unknown): SubmissionIssue {
  const { issues } = validateSubmission(definition, data, { now: NOW });
  expect(issues).toHaveLength(1);
  return issues[0]!;
}

describe('validateSubmission', () => {
  describe('the submission as a whole', () => {
    it('must be a JSON object', () => {
      const f = form({ type: 'textfield', key: 'a' });
      for (const data of [null, 'text', [1], 3]) {
        expect(validateSubmission(f, data)).toEqual({
          values: {},
          issues: [{ path: '', code: 'type', message: 'The submission must be a JSON object.' }],
        });
      }
    });

    it('rejects names the form does not know, at any depth', () => {
      const f = form(
        { type: 'textfield', key: 'a' },
        { type: 'group', path: 'g', components: [{ type: 'textfield', key: 'b' }] },
        { type: 'dynamiclist', isRepeating: true, path: 'list', components: [{ type: 'textfield', key: 'c' }] },
      );
      expect(
        codes(f, { a: 'x', extra: 1, g: { b: 'y', sneaky: true }, list: [{ c: 'z' }, { c: 'w', more: 2 }] }),
      ).toEqual([
        ['extra', 'unknown'],
        ['g.sneaky', 'unknown'],
        ['list.1.more', 'unknown'],
      ]);
      expect(issue(f, { approvedBy: 'me' }).message).toBe('"approvedBy" is not a field of this form.');
    });

    it('rejects a non-object where a group path is, and a non-list where a dynamic list is', () => {
      const f = form(
        { type: 'group', path: 'g', components: [{ type: 'textfield', key: 'b' }] },
        { type: 'dynamiclist', isRepeating: true, path: 'list', label: '名单', components: [{ type: 'textfield', key: 'c' }] },
      );
      expect(codes(f, { g: 'x', list: { c: 1 } })).toEqual([
        ['g', 'type'],
        ['list', 'type'],
      ]);
      expect(codes(f, { list: [{ c: 'ok' }, 'bad'] })).toEqual([['list.1', 'type']]);
      expect(values(f, { g: null, list: null })).toEqual({});
    });

    it('returns only the form input keys, leaving out the fields the submission left out', () => {
      const f = form(
        { type: 'textfield', key: 'a' },
        { type: 'textfield', key: 'b' },
        { type: 'text', text: 'hello' },
      );
      expect(values(f, { a: 'x' })).toEqual({ a: 'x' });
    });
  });

  describe('required', () => {
    const f = form(
      { type: 'textfield', key: 'text', label: '名称', validate: { required: true } },
      { type: 'checkbox', key: 'agree', label: '同意', validate: { required: true } },
      { type: 'checklist', key: 'list', label: '清单', values: [{ value: 'a' }], validate: { required: true } },
      { type: 'number', key: 'n', label: '人数', validate: { required: true } },
    );

    it('passes when each field has a value', () => {
      expect(values(f, { text: 'x', agree: true, list: ['a'], n: 0 })).toEqual({
        text: 'x',
        agree: true,
        list: ['a'],
        n: 0,
      });
    });

    it('fails for missing, null, empty and blank values, an unticked checkbox and an empty list', () => {
      expect(codes(f, {})).toEqual([
        ['text', 'required'],
        ['agree', 'required'],
        ['list', 'required'],
        ['n', 'required'],
      ]);
      expect(codes(f, { text: '   ', agree: false, list: [], n: null })).toEqual([
        ['text', 'required'],
        ['agree', 'required'],
        ['list', 'required'],
        ['n', 'required'],
      ]);
      expect(issue(f, { agree: true, list: ['a'], n: 1 }).message).toBe('"名称" is required.');
    });
  });

  describe('text length', () => {
    const f = form({ type: 'textarea', key: 'reason', label: '理由', validate: { minLength: 5, maxLength: 10 } });

    it('passes within the limits, counting characters of the trimmed text as form-js does', () => {
      expect(values(f, { reason: '不予许可的理由' })).toEqual({ reason: '不予许可的理由' });
      expect(values(f, { reason: '  12345  ' })).toEqual({ reason: '  12345  ' });
    });

    it('fails below minLength and above maxLength, naming the limit', () => {
      expect(issue(f, { reason: '太短' })).toEqual({
        path: 'reason',
        code: 'minLength',
        message: '"理由" must be at least 5 characters long.',
      });
      expect(issue(f, { reason: '12345678901' })).toEqual({
        path: 'reason',
        code: 'maxLength',
        message: '"理由" must be at most 10 characters long.',
      });
    });

    it('does not apply length limits to an empty optional field', () => {
      expect(values(f, { reason: '' })).toEqual({ reason: '' });
    });

    it('evaluates FEEL limits against the process context', () => {
      const g = form({ type: 'textfield', key: 'code', validate: { maxLength: '=maxCode' } });
      expect(codes(g, { code: '1234' }, { maxCode: 3 })).toEqual([['code', 'maxLength']]);
      expect(values(g, { code: '123' }, { maxCode: 3 })).toEqual({ code: '123' });
      // a limit that cannot be evaluated is not applied
      expect(values(g, { code: '1234' })).toEqual({ code: '1234' });
    });
  });

  describe('pattern', () => {
    it('matches unanchored, like form-js: a pattern without ^…$ matches anywhere', () => {
      const f = form({ type: 'textfield', key: 'plate', validate: { pattern: '[0-9]{3}' } });
      expect(values(f, { plate: 'AB1234' })).toEqual({ plate: 'AB1234' });
      expect(codes(f, { plate: 'AB12' })).toEqual([['plate', 'pattern']]);
    });

    it('matches the whole value when the pattern is anchored', () => {
      const f = form({
        type: 'textfield',
        key: 'mobile',
        label: '手机号',
        validate: { pattern: '^1[3-9]\\d{9}$' },
      });
      expect(values(f, { mobile: '13800138000' })).toEqual({ mobile: '13800138000' });
      expect(issue(f, { mobile: '1380013800' })).toEqual({
        path: 'mobile',
        code: 'pattern',
        message: '"手机号" must match the pattern ^1[3-9]\\d{9}$.',
      });
    });

    it('uses patternErrorMessage as the message when the form has one', () => {
      const f = form({
        type: 'textfield',
        key: 'no',
        validate: { pattern: '^INV-\\d{6}$', patternErrorMessage: '格式应为 INV-123456' },
      });
      expect(issue(f, { no: 'INV-1' })).toEqual({ path: 'no', code: 'pattern', message: '格式应为 INV-123456' });
    });
  });

  describe('email and phone', () => {
    const f = form(
      { type: 'textfield', key: 'email', validate: { validationType: 'email' } },
      { type: 'textfield', key: 'phone', validate: { validationType: 'phone' } },
    );

    it('accepts what form-js accepts', () => {
      expect(values(f, { email: 'zhang.san@example.cn', phone: '+8613800138000' })).toEqual({
        email: 'zhang.san@example.cn',
        phone: '+8613800138000',
      });
      expect(values(f, { phone: '008613800138000' })).toEqual({ phone: '008613800138000' });
    });

    it('rejects what form-js rejects', () => {
      expect(codes(f, { email: 'zhang.san@', phone: '13800138000' })).toEqual([
        ['email', 'email'],
        ['phone', 'phone'],
      ]);
    });
  });

  describe('numbers', () => {
    const f = form({
      type: 'number',
      key: 'capital',
      label: '注册资本',
      validate: { min: 1000000, max: '100000000' },
    });

    it('coerces numeric text to a number', () => {
      expect(values(f, { capital: '1000000' })).toEqual({ capital: 1000000 });
      expect(values(f, { capital: 2500000.5 })).toEqual({ capital: 2500000.5 });
    });

    it('fails below min and above max, naming the limit', () => {
      expect(issue(f, { capital: 999999.99 })).toEqual({
        path: 'capital',
        code: 'min',
        message: '"注册资本" must be at least 1000000.',
      });
      expect(issue(f, { capital: '100000000.01' })).toMatchObject({ code: 'max' });
    });

    it('rejects what is not a number', () => {
      for (const capital of ['一百万', true, [1], {}, '1e400', 'NaN']) {
        expect(codes(f, { capital })).toEqual([['capital', 'type']]);
      }
      expect(issue(f, { capital: 'abc' }).message).toBe('"注册资本" must be a number.');
    });

    it('turns empty text into null', () => {
      expect(values(f, { capital: '' })).toEqual({ capital: null });
    });

    it('keeps the text of a number that serializes to string, with all its digits', () => {
      const g = form({ type: 'number', key: 'x', serializeToString: true, validate: { max: 1 } });
      expect(values(g, { x: '0.12345678901234567890' })).toEqual({ x: '0.12345678901234567890' });
      expect(codes(g, { x: '1.00000000000000000001' })).toEqual([['x', 'max']]);
    });

    it('checks decimal digits and increments as form-js does', () => {
      const g = form(
        { type: 'number', key: 'staff', decimalDigits: 0 },
        { type: 'number', key: 'area', decimalDigits: 2, increment: '0.5' },
      );
      expect(values(g, { staff: 12, area: 10.5 })).toEqual({ staff: 12, area: 10.5 });
      expect(codes(g, { staff: 12.5, area: 10.25 })).toEqual([
        ['staff', 'decimalDigits'],
        ['area', 'increment'],
      ]);
      expect(issue(g, { area: 10.7 }).message).toBe(
        '"area" must be a multiple of 0.5; the nearest valid values are 10.5 and 11.',
      );
      expect(codes(g, { area: 10.125 })).toEqual([
        ['area', 'decimalDigits'],
        ['area', 'increment'],
      ]);
    });
  });

  describe('checkbox', () => {
    const f = form({ type: 'checkbox', key: 'ok' });

    it('takes booleans and their text, and null as false', () => {
      expect(values(f, { ok: true })).toEqual({ ok: true });
      expect(values(f, { ok: 'false' })).toEqual({ ok: false });
      expect(values(f, { ok: null })).toEqual({ ok: false });
    });

    it('rejects anything else', () => {
      expect(codes(f, { ok: 1 })).toEqual([['ok', 'type']]);
      expect(codes(f, { ok: 'yes' })).toEqual([['ok', 'type']]);
    });
  });

  describe('options', () => {
    const f = form(
      {
        type: 'radio',
        key: 'decision',
        label: '审查意见',
        values: [
          { label: '同意', value: 'approve' },
          { label: '不同意', value: 'refuse' },
        ],
      },
      { type: 'select', key: 'level', values: [{ label: '一级', value: 1 }, { label: '二级', value: 2 }] },
      { type: 'checklist', key: 'services', values: [{ value: 'guard' }, { value: 'patrol' }, { value: 'escort' }] },
      { type: 'taglist', key: 'tags', values: ['a', 'b'] },
    );

    it('accepts values among the static options', () => {
      expect(
        values(f, { decision: 'approve', level: 2, services: ['guard', 'escort'], tags: ['b'] }),
      ).toEqual({ decision: 'approve', level: 2, services: ['guard', 'escort'], tags: ['b'] });
    });

    it('takes the text of a numeric option as the option', () => {
      expect(values(f, { level: '1' })).toEqual({ level: 1 });
    });

    it('rejects values outside the options', () => {
      expect(issue(f, { decision: 'maybe' })).toEqual({
        path: 'decision',
        code: 'option',
        message: '"审查意见" must be one of the offered options; "maybe" is not.',
      });
      expect(codes(f, { level: 3, services: ['guard', 'armed', 'cash'], tags: ['c'] })).toEqual([
        ['level', 'option'],
        ['services', 'option'],
        ['tags', 'option'],
      ]);
      expect(issue(f, { services: ['armed', 'cash'] }).message).toBe(
        '"services" may only contain the offered options; "armed", "cash" are not.',
      );
    });

    it('rejects lists where one value is expected and the other way round', () => {
      expect(codes(f, { decision: ['approve'], services: 'guard' })).toEqual([
        ['decision', 'type'],
        ['services', 'type'],
      ]);
    });

    it('skips the membership check for options from valuesKey or valuesExpression', () => {
      const g = form(
        { type: 'select', key: 'station', valuesKey: 'stations' },
        { type: 'checklist', key: 'items', valuesExpression: '=items' },
      );
      expect(values(g, { station: 'anything', items: ['x', { id: 1 }] })).toEqual({
        station: 'anything',
        items: ['x', { id: 1 }],
      });
    });

    it('counts entries with the custom properties minItems and maxItems', () => {
      const g = form({
        type: 'checklist',
        key: 'services',
        values: [{ value: 'a' }, { value: 'b' }, { value: 'c' }],
        properties: { minItems: '2', maxItems: '2' },
      });
      expect(values(g, { services: ['a', 'b'] })).toEqual({ services: ['a', 'b'] });
      expect(codes(g, { services: ['a'] })).toEqual([['services', 'minItems']]);
      expect(codes(g, { services: ['a', 'b', 'c'] })).toEqual([['services', 'maxItems']]);
    });
  });

  describe('date and time', () => {
    const f = form(
      { type: 'datetime', key: 'day', subtype: 'date', dateLabel: '日期' },
      { type: 'datetime', key: 'at', subtype: 'time' },
      { type: 'datetime', key: 'when', subtype: 'datetime' },
      { type: 'datetime', key: 'plain' },
    );

    it('accepts the ISO formats form-js submits', () => {
      expect(
        values(f, { day: '2024-02-29', at: '09:30', when: '2026-05-01T08:00+08:00', plain: '2026-01-31' }),
      ).toEqual({ day: '2024-02-29', at: '09:30', when: '2026-05-01T08:00+08:00', plain: '2026-01-31' });
      expect(values(f, { at: '23:59Z', when: '2026-05-01T00:00Z' })).toEqual({ at: '23:59Z', when: '2026-05-01T00:00Z' });
    });

    it('rejects other formats and impossible dates', () => {
      expect(
        codes(f, { day: '2023-02-29', at: '24:00', when: '2026-05-01', plain: '01/02/2026' }),
      ).toEqual([
        ['day', 'date'],
        ['at', 'date'],
        ['when', 'date'],
        ['plain', 'date'],
      ]);
      expect(codes(f, { day: 20240229 })).toEqual([['day', 'type']]);
      expect(issue(f, { day: '2024-13-01' }).message).toBe('"day" must be a date YYYY-MM-DD.');
    });

    it('rejects a passed date when the field disallows passed dates, judged on the China calendar day', () => {
      const g = form({ type: 'datetime', key: 'visit', label: '检查日期', disallowPassedDates: true });
      expect(values(g, { visit: '2026-06-01' })).toEqual({ visit: '2026-06-01' });
      expect(issue(g, { visit: '2026-05-31' })).toEqual({
        path: 'visit',
        code: 'date',
        message: '"检查日期" must not be in the past.',
      });
    });
  });

  describe('file pickers', () => {
    const f = form(
      { type: 'filepicker', key: 'licence', validate: { required: true } },
      { type: 'filepicker', key: 'photos', multiple: true, properties: { maxItems: '3' } },
    );

    it('take document ids as a list of strings', () => {
      expect(values(f, { licence: ['doc-1'], photos: ['p1', 'p2'] })).toEqual({
        licence: ['doc-1'],
        photos: ['p1', 'p2'],
      });
      expect(values(f, { licence: 'doc-1' })).toEqual({ licence: ['doc-1'] });
    });

    it('reject other values, several files where one is allowed, and too many files', () => {
      expect(codes(f, { licence: [1], photos: 'x' })).toEqual([['licence', 'type']]);
      expect(codes(f, { licence: ['a', 'b'], photos: ['1', '2', '3', '4'] })).toEqual([
        ['licence', 'maxItems'],
        ['photos', 'maxItems'],
      ]);
      expect(codes(f, { licence: [] })).toEqual([['licence', 'required']]);
    });
  });

  describe('checksums', () => {
    const f = form(
      { type: 'textfield', key: 'idNumber', label: '身份证号', properties: { checksum: 'resident-id' } },
      { type: 'textfield', key: 'creditCode', label: '统一社会信用代码', properties: { checksum: 'credit-code' } },
    );

    it('accept valid numbers and normalise them', () => {
      expect(values(f, { idNumber: ' 11010519491231002x ', creditCode: '91350100m000100y43' })).toEqual({
        idNumber: '11010519491231002X',
        creditCode: '91350100M000100Y43',
      });
    });

    it('reject a wrong check character, an impossible birth date and an altered credit code', () => {
      expect(issue(f, { idNumber: '110105194912310021' })).toEqual({
        path: 'idNumber',
        code: 'checksum',
        message: '"身份证号" is not a valid resident identity number: it has a wrong check character.',
      });
      expect(issue(f, { idNumber: '110105199902300010' }).message).toBe(
        '"身份证号" is not a valid resident identity number: it contains an impossible birth date 1999-02-30.',
      );
      expect(issue(f, { creditCode: '91350100M000100Y44' })).toMatchObject({ path: 'creditCode', code: 'checksum' });
    });
  });

  describe('groups and dynamic lists', () => {
    const f = form(
      {
        type: 'group',
        label: '公司',
        path: 'company',
        components: [
          { type: 'textfield', key: 'name', label: '公司名称', validate: { required: true } },
          {
            type: 'group',
            path: 'address',
            components: [{ type: 'textfield', key: 'city', validate: { required: true } }],
          },
        ],
      },
      {
        type: 'dynamiclist',
        label: '管理人员',
        path: 'managers',
        isRepeating: true,
        properties: { minItems: '1', maxItems: '3' },
        components: [
          { type: 'textfield', key: 'name', label: '姓名', validate: { required: true } },
          {
            type: 'textfield',
            key: 'idNumber',
            label: '身份证号',
            validate: { required: true },
            properties: { checksum: 'resident-id' },
          },
          { type: 'number', key: 'age' },
        ],
      },
    );

    const valid = {
      company: { name: '平安保安服务有限公司', address: { city: '福州' } },
      managers: [
        { name: '张三', idNumber: '11010519491231002X', age: '60' },
        { name: '李四', idNumber: '440304198511184623' },
      ],
    };

    it('nests values under group paths and list items', () => {
      expect(values(f, valid)).toEqual({
        company: { name: '平安保安服务有限公司', address: { city: '福州' } },
        managers: [
          { name: '张三', idNumber: '11010519491231002X', age: 60 },
          { name: '李四', idNumber: '440304198511184623' },
        ],
      });
    });

    it('reports a field of a nested group by its full path', () => {
      expect(codes(f, { ...valid, company: { name: 'x', address: {} } })).toEqual([['company.address.city', 'required']]);
    });

    it('reports a bad ID number in the second list item at managers.1.idNumber', () => {
      const managers = [valid.managers[0], { name: '李四', idNumber: '440304198511184624' }];
      expect(issue(f, { ...valid, managers })).toEqual({
        path: 'managers.1.idNumber',
        code: 'checksum',
        message: '"身份证号" is not a valid resident identity number: it has a wrong check character.',
      });
    });

    it('checks every item', () => {
      expect(codes(f, { ...valid, managers: [{}, { name: 'x', idNumber: '11010519491231002X', age: 'old' }] })).toEqual([
        ['managers.0.name', 'required'],
        ['managers.0.idNumber', 'required'],
        ['managers.1.age', 'type'],
      ]);
    });

    it('counts the items of a list', () => {
      expect(issue(f, { ...valid, managers: [] })).toEqual({
        path: 'managers',
        code: 'minItems',
        message: '"管理人员" must have at least 1 entry.',
      });
      expect(codes(f, { company: valid.company })).toEqual([['managers', 'minItems']]);
      const four = [0, 1, 2, 3].map(() => valid.managers[0]);
      expect(codes(f, { ...valid, managers: four })).toEqual([['managers', 'maxItems']]);
    });
  });

  describe('conditions', () => {
    const f = form(
      {
        type: 'radio',
        key: 'decision',
        values: [{ value: 'approve' }, { value: 'refuse' }],
        validate: { required: true },
      },
      {
        type: 'textarea',
        key: 'reason',
        label: '不予许可理由',
        validate: { required: true, minLength: 10 },
        conditional: { hide: '=decision != "refuse"' },
      },
    );

    it('requires a field whose hide condition does not hold', () => {
      expect(codes(f, { decision: 'refuse' })).toEqual([['reason', 'required']]);
      expect(values(f, { decision: 'refuse', reason: '场所不符合规定的条件要求' })).toEqual({
        decision: 'refuse',
        reason: '场所不符合规定的条件要求',
      });
    });

    it('neither requires nor keeps a hidden field, even a bad value of it', () => {
      expect(values(f, { decision: 'approve' })).toEqual({ decision: 'approve' });
      expect(values(f, { decision: 'approve', reason: 'x' })).toEqual({ decision: 'approve' });
    });

    it('evaluates conditions against the process context, submitted values winning', () => {
      const g = form({
        type: 'textfield',
        key: 'note',
        validate: { required: true },
        conditional: { hide: '=role = "clerk"' },
      });
      expect(values(g, {}, { role: 'clerk' })).toEqual({});
      expect(codes(g, {}, { role: 'chief' })).toEqual([['note', 'required']]);
    });

    it('hides every field of a hidden group or list', () => {
      const g = form(
        { type: 'checkbox', key: 'inHouse' },
        {
          type: 'group',
          path: 'contract',
          conditional: { hide: '=inHouse' },
          components: [{ type: 'textfield', key: 'client', validate: { required: true } }],
        },
        {
          type: 'dynamiclist',
          path: 'guards',
          isRepeating: true,
          properties: { minItems: '1' },
          conditional: { hide: '=inHouse' },
          components: [{ type: 'textfield', key: 'name', validate: { required: true } }],
        },
      );
      expect(values(g, { inHouse: true, contract: { client: '' }, guards: [{}] })).toEqual({ inHouse: true });
      expect(codes(g, { inHouse: false })).toEqual([
        ['contract.client', 'required'],
        ['guards', 'minItems'],
      ]);
    });

    it('evaluates conditions inside a list item against the item as `this`, with 1-based `i`', () => {
      const g = form({
        type: 'dynamiclist',
        path: 'managers',
        isRepeating: true,
        components: [
          { type: 'checkbox', key: 'foreign' },
          {
            type: 'textfield',
            key: 'idNumber',
            validate: { required: true },
            conditional: { hide: '=this.foreign' },
          },
          { type: 'textfield', key: 'passport', validate: { required: true }, conditional: { hide: '=not(this.foreign)' } },
          { type: 'textfield', key: 'note', validate: { required: true }, conditional: { hide: '=i[1] > 1' } },
        ],
      });
      expect(
        codes(g, { managers: [{ foreign: false, note: 'n' }, { foreign: true }] }),
      ).toEqual([
        ['managers.0.idNumber', 'required'],
        ['managers.1.passport', 'required'],
      ]);
    });

    it('treats a condition that fails to evaluate as not holding', () => {
      const g = form({
        type: 'textfield',
        key: 'x',
        validate: { required: true },
        conditional: { hide: '=count(' },
      });
      expect(codes(g, {})).toEqual([['x', 'required']]);
    });

    it('does not let a read-only or unknown value steer a condition', () => {
      const g = form(
        { type: 'textfield', key: 'role', readonly: true },
        { type: 'textfield', key: 'note', validate: { required: true }, conditional: { hide: '=role = "clerk"' } },
      );
      expect(codes(g, { role: 'clerk' }, { role: 'chief' })).toEqual([['note', 'required']]);
    });
  });

  describe('fields the submitter may not set', () => {
    it('drops the values of read-only, disabled and computed fields without a problem', () => {
      const f = form(
        { type: 'textfield', key: 'greeting', readonly: true, validate: { required: true } },
        { type: 'number', key: 'fee', disabled: true },
        { type: 'expression', key: 'total', expression: '=fee * 2', computeOn: 'change' },
        { type: 'textfield', key: 'comment' },
      );
      expect(values(f, { greeting: 'forged', fee: 'not even a number', total: 1, comment: 'ok' })).toEqual({
        comment: 'ok',
      });
      expect(values(f, {})).toEqual({});
    });

    it('drops the value of a field whose readonly condition holds, and checks it otherwise', () => {
      const f = form({ type: 'textfield', key: 'fee', readonly: '=stage = "closed"', validate: { required: true } });
      expect(values(f, { fee: '100' }, { stage: 'closed' })).toEqual({});
      expect(values(f, { fee: '100' }, { stage: 'open' })).toEqual({ fee: '100' });
      expect(codes(f, {}, { stage: 'open' })).toEqual([['fee', 'required']]);
    });
  });

  describe('text', () => {
    it('takes numbers as text and rejects other types', () => {
      const f = form({ type: 'textfield', key: 'phone' });
      expect(values(f, { phone: 13800138000 })).toEqual({ phone: '13800138000' });
      expect(codes(f, { phone: { a: 1 } })).toEqual([['phone', 'type']]);
      expect(issue(f, { phone: true }).message).toBe('"phone" must be text.');
    });

    it('stores dotted keys nested, as form-js does', () => {
      const f = form({ type: 'textfield', key: 'person.name' });
      expect(values(f, { person: { name: '王五' } })).toEqual({ person: { name: '王五' } });
      expect(codes(f, { 'person.name': '王五' })).toEqual([['person.name', 'unknown']]);
    });
  });
});
