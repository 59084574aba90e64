import { ProcessEngineException } from '../../../../src/engine/errors.js';
import { fromColumns, toColumns } from '../../../../src/engine/variables/index.js';
import type { TypedValue, VariableColumns } from '../../../../src/engine/variables/index.js';

const EMPTY = { textValue: null, text2Value: null, longValue: null, doubleValue: null, bytesValue: null };
const when = new Date(Date.UTC(2024, 0, 1, 10));

describe('toColumns and fromColumns', () => {
  test.each<[string, TypedValue, VariableColumns]>([
    ['string', { type: 'string', value: '保安', valueInfo: {} }, { ...EMPTY, type: 'string', textValue: '保安' }],
    ['empty string', { type: 'string', value: '', valueInfo: {} }, { ...EMPTY, type: 'string', textValue: '' }],
    ['boolean true', { type: 'boolean', value: true, valueInfo: {} }, { ...EMPTY, type: 'boolean', longValue: 1 }],
    ['boolean false', { type: 'boolean', value: false, valueInfo: {} }, { ...EMPTY, type: 'boolean', longValue: 0 }],
    ['short', { type: 'short', value: -3, valueInfo: {} }, { ...EMPTY, type: 'short', longValue: -3 }],
    ['integer', { type: 'integer', value: 42, valueInfo: {} }, { ...EMPTY, type: 'integer', longValue: 42 }],
    ['long', { type: 'long', value: 9007199254740991, valueInfo: {} }, { ...EMPTY, type: 'long', longValue: 9007199254740991 }],
    ['double', { type: 'double', value: 2.5, valueInfo: {} }, { ...EMPTY, type: 'double', doubleValue: 2.5 }],
    ['date', { type: 'date', value: when, valueInfo: {} }, { ...EMPTY, type: 'date', longValue: when.getTime() }],
    ['json', { type: 'json', value: '{"a":1}', valueInfo: {} }, { ...EMPTY, type: 'json', textValue: '{"a":1}' }],
    ['object with type info', { type: 'object', value: '{}', valueInfo: { objectTypeName: 'T', serializationDataFormat: 'application/json' } },
      { ...EMPTY, type: 'object', textValue: '{}', text2Value: '{"objectTypeName":"T","serializationDataFormat":"application/json"}' }],
    ['object without type info', { type: 'object', value: 'x', valueInfo: {} }, { ...EMPTY, type: 'object', textValue: 'x' }],
    ['null', { type: 'null', value: null, valueInfo: {} }, { ...EMPTY, type: 'null' }],
    ['file', { type: 'file', value: Buffer.from('abc'), valueInfo: { filename: 'a.txt', mimeType: 'text/plain', encoding: 'utf-8' } },
      { ...EMPTY, type: 'file', bytesValue: Buffer.from('abc'), text2Value: '{"filename":"a.txt","mimeType":"text/plain","encoding":"utf-8"}' }],
    ['file with only a name', { type: 'file', value: Buffer.alloc(0), valueInfo: { filename: 'x' } },
      { ...EMPTY, type: 'file', bytesValue: Buffer.alloc(0), text2Value: '{"filename":"x"}' }],
    ['bytes', { type: 'bytes', value: Buffer.from([0, 255]), valueInfo: {} }, { ...EMPTY, type: 'bytes', bytesValue: Buffer.from([0, 255]) }],
    ['typed null string', { type: 'string', value: null, valueInfo: {} }, { ...EMPTY, type: 'string' }],
    ['typed null integer', { type: 'integer', value: null, valueInfo: {} }, { ...EMPTY, type: 'integer' }],
    ['typed null boolean', { type: 'boolean', value: null, valueInfo: {} }, { ...EMPTY, type: 'boolean' }],
    ['typed null date', { type: 'date', value: null, valueInfo: {} }, { ...EMPTY, type: 'date' }],
    ['typed null json', { type: 'json', value: null, valueInfo: {} }, { ...EMPTY, type: 'json' }],
  ])('store and restore %s', (_label, v, columns) => {
    expect(toColumns(v)).toEqual(columns);
    expect(fromColumns(columns)).toEqual(v);
  });

  test('do not store the transient flag', () => {
    expect(toColumns({ type: 'string', value: 'x', valueInfo: { transient: true } })).toEqual({ ...EMPTY, type: 'string', textValue: 'x' });
  });

  test('fromColumns hands back file content as its own Buffer type', () => {
    const v = fromColumns({ ...EMPTY, type: 'bytes', bytesValue: new Uint8Array([1, 2]) as Buffer });
    expect(Buffer.isBuffer(v.value)).toBe(true);
    expect(v.value).toEqual(Buffer.from([1, 2]));
  });
});

describe('fromColumns coerces what database drivers return', () => {
  test.each<[string, Partial<VariableColumns> & { type: VariableColumns['type'] }, unknown]>([
    ['a long as a string', { type: 'long', longValue: '9007199254740991' as unknown as number }, 9007199254740991],
    ['a long as a bigint', { type: 'long', longValue: 5000000000n as unknown as number }, 5000000000],
    ['an integer as a string', { type: 'integer', longValue: '-7' as unknown as number }, -7],
    ['a boolean as a string', { type: 'boolean', longValue: '1' as unknown as number }, true],
    ['a boolean as a bigint 0', { type: 'boolean', longValue: 0n as unknown as number }, false],
    ['a date as a string', { type: 'date', longValue: String(when.getTime()) as unknown as number }, when],
    ['a double as a string', { type: 'double', doubleValue: '0.25' as unknown as number }, 0.25],
  ])('%s', (_label, columns, value) => {
    expect(fromColumns({ ...EMPTY, ...columns }).value).toEqual(value);
  });
});

describe('column errors are engine failures', () => {
  test.each<[string, () => unknown]>([
    ['an unknown type in the database', () => fromColumns({ ...EMPTY, type: 'money' as VariableColumns['type'] })],
    ['unreadable value info', () => fromColumns({ ...EMPTY, type: 'file', bytesValue: Buffer.alloc(0), text2Value: '{oops' })],
    ['an unreadable number', () => fromColumns({ ...EMPTY, type: 'long', longValue: 'abc' as unknown as number })],
    ['a string variable holding a number', () => toColumns({ type: 'string', value: 5, valueInfo: {} })],
    ['a bytes variable holding a string', () => toColumns({ type: 'bytes', value: 'x', valueInfo: {} })],
  ])('%s', (_label, fn) => {
    expect(fn).toThrow(ProcessEngineException);
  });
});
