import { ProcessEngineException } from '../../../../src/engine/errors.js';
import { inferTypedValue, isValueTypeName, toJsValue } from '../../../../src/engine/variables/index.js';
import type { TypedValue } from '../../../../src/engine/variables/index.js';

const when = new Date(Date.UTC(2024, 0, 1));

describe('toJsValue gives the value expressions see', () => {
  test.each<[string, TypedValue, unknown]>([
    ['a string', { type: 'string', value: 'x', valueInfo: {} }, 'x'],
    ['a boolean', { type: 'boolean', value: true, valueInfo: {} }, true],
    ['a short', { type: 'short', value: 1, valueInfo: {} }, 1],
    ['an integer', { type: 'integer', value: 2, valueInfo: {} }, 2],
    ['a long', { type: 'long', value: 3, valueInfo: {} }, 3],
    ['a double', { type: 'double', value: 0.5, valueInfo: {} }, 0.5],
    ['a date', { type: 'date', value: when, valueInfo: {} }, when],
    ['null', { type: 'null', value: null, valueInfo: {} }, null],
    ['a json object, parsed', { type: 'json', value: '{"a":[1,2]}', valueInfo: {} }, { a: [1, 2] }],
    ['a json array, parsed', { type: 'json', value: '[1]', valueInfo: {} }, [1]],
    ['a null json', { type: 'json', value: null, valueInfo: {} }, null],
    ['an application/json object, parsed', { type: 'object', value: '{"a":1}', valueInfo: { serializationDataFormat: 'application/json' } }, { a: 1 }],
    ['another object, as text', { type: 'object', value: 'rO0AB', valueInfo: { serializationDataFormat: 'application/x-java-serialized-object' } }, 'rO0AB'],
    ['a file, as a Buffer', { type: 'file', value: Buffer.from('f'), valueInfo: { filename: 'f' } }, Buffer.from('f')],
    ['bytes, as a Buffer', { type: 'bytes', value: Buffer.from('b'), valueInfo: {} }, Buffer.from('b')],
  ])('for %s', (_label, v, expected) => {
    expect(toJsValue(v)).toEqual(expected);
  });

  test('fails as an engine error on stored JSON that does not parse', () => {
    expect(() => toJsValue({ type: 'json', value: '{', valueInfo: {} })).toThrow(ProcessEngineException);
  });
});

describe('inferTypedValue types computed values as JUEL would', () => {
  test.each<[string, unknown, TypedValue]>([
    ['a string', 'x', { type: 'string', value: 'x', valueInfo: {} }],
    ['a boolean', false, { type: 'boolean', value: false, valueInfo: {} }],
    ['a small integer as long', 5, { type: 'long', value: 5, valueInfo: {} }],
    ['a large integer as long', 5e12, { type: 'long', value: 5e12, valueInfo: {} }],
    ['an integer beyond the safe range as double', 2 ** 60, { type: 'double', value: 2 ** 60, valueInfo: {} }],
    ['a fraction as double', 0.1, { type: 'double', value: 0.1, valueInfo: {} }],
    ['a bigint as long', 7n, { type: 'long', value: 7, valueInfo: {} }],
    ['a date', when, { type: 'date', value: when, valueInfo: {} }],
    ['null', null, { type: 'null', value: null, valueInfo: {} }],
    ['undefined as null', undefined, { type: 'null', value: null, valueInfo: {} }],
    ['a Buffer as bytes', Buffer.from('b'), { type: 'bytes', value: Buffer.from('b'), valueInfo: {} }],
    ['a Uint8Array as bytes', new Uint8Array([1]), { type: 'bytes', value: Buffer.from([1]), valueInfo: {} }],
    ['an array as json', [1, 'a'], { type: 'json', value: '[1,"a"]', valueInfo: {} }],
    ['a plain object as json', { a: { b: null } }, { type: 'json', value: '{"a":{"b":null}}', valueInfo: {} }],
    ['a prototype-less object as json', Object.assign(Object.create(null) as object, { a: 1 }), { type: 'json', value: '{"a":1}', valueInfo: {} }],
  ])('%s', (_label, value, expected) => {
    expect(inferTypedValue(value)).toEqual(expected);
  });

  test('copies a date so later changes to the original do not leak in', () => {
    const d = new Date(0);
    const v = inferTypedValue(d);
    d.setTime(1);
    expect((v.value as Date).getTime()).toBe(0);
  });

  test.each<[string, unknown]>([
    ['NaN', NaN],
    ['Infinity', Infinity],
    ['an invalid date', new Date(NaN)],
    ['a bigint beyond the safe range', 2n ** 64n],
    ['a function', () => 1],
    ['a symbol', Symbol('s')],
    ['a Map', new Map()],
    ['a class instance', new (class Thing {})()],
  ])('refuses %s with an engine error', (_label, value) => {
    expect(() => inferTypedValue(value)).toThrow(ProcessEngineException);
  });
});

describe('isValueTypeName', () => {
  test.each([['string', true], ['json', true], ['String', false], ['money', false], [5, false]] as const)('%p → %p', (name, ok) => {
    expect(isValueTypeName(name)).toBe(ok);
  });
});
