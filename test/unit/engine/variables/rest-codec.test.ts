import { InvalidRequestException } from '../../../../src/engine/errors.js';
import {
  formatEngineDate, fromRestValue, fromRestVariables, restTypeName, toRestValue, toRestVariables,
} from '../../../../src/engine/variables/index.js';
import type { TypedValue } from '../../../../src/engine/variables/index.js';

const b64 = (s: string): string => Buffer.from(s).toString('base64');
const JAN_1 = new Date(Date.UTC(2024, 0, 1, 10));

/** Runs `fn` and returns the InvalidRequestException it throws. */
function rejection(fn: () => unknown): InvalidRequestException {
  try {
    fn();
  } catch (e) {
    expect(e).toBeInstanceOf(InvalidRequestException);
    return e as InvalidRequestException;
  }
  throw new Error('expected an InvalidRequestException');
}

describe('fromRestValue reads untyped values by their JSON type', () => {
  test.each<[string, unknown, TypedValue['type']]>([
    ['a string', 'abc', 'string'],
    ['true', true, 'boolean'],
    ['false', false, 'boolean'],
    ['a small integer', 42, 'integer'],
    ['the largest 32-bit integer', 2147483647, 'integer'],
    ['the smallest 32-bit integer', -2147483648, 'integer'],
    ['an integer beyond 32 bits', 2147483648, 'long'],
    ['a negative integer beyond 32 bits', -2147483649, 'long'],
    ['a fraction', 1.5, 'double'],
    ['null', null, 'null'],
  ])('%s', (_label, value, type) => {
    expect(fromRestValue('v', { value, type: null })).toEqual({ type, value, valueInfo: {} });
  });

  test('an absent type and absent value give a null variable', () => {
    expect(fromRestValue('v', {})).toEqual({ type: 'null', value: null, valueInfo: {} });
  });

  test.each([
    ['an object', { a: 1 }],
    ['an array', [1, 2]],
  ])('rejects %s with a hint to send type Json', (_label, value) => {
    const e = rejection(() => fromRestValue('order', { value }));
    expect(e.status).toBe(400);
    expect(e.message).toContain("'order'");
    expect(e.message).toContain("type 'Json'");
  });
});

describe('fromRestValue reads typed values', () => {
  test.each<[string, unknown, TypedValue]>([
    ['String', { type: 'String', value: 'x' }, { type: 'string', value: 'x', valueInfo: {} }],
    ['string (lower-case first letter)', { type: 'string', value: 'x' }, { type: 'string', value: 'x', valueInfo: {} }],
    ['String from a number', { type: 'String', value: 5 }, { type: 'string', value: '5', valueInfo: {} }],
    ['String from a boolean', { type: 'String', value: true }, { type: 'string', value: 'true', valueInfo: {} }],
    ['String null', { type: 'String', value: null }, { type: 'string', value: null, valueInfo: {} }],
    ['Boolean true', { type: 'Boolean', value: true }, { type: 'boolean', value: true, valueInfo: {} }],
    ['Boolean "false"', { type: 'Boolean', value: 'false' }, { type: 'boolean', value: false, valueInfo: {} }],
    ['Short', { type: 'Short', value: -32768 }, { type: 'short', value: -32768, valueInfo: {} }],
    ['Short from text', { type: 'Short', value: '32767' }, { type: 'short', value: 32767, valueInfo: {} }],
    ['Integer', { type: 'Integer', value: 42 }, { type: 'integer', value: 42, valueInfo: {} }],
    ['Integer from text', { type: 'Integer', value: '42' }, { type: 'integer', value: 42, valueInfo: {} }],
    ['integer (client spelling)', { type: 'integer', value: -7 }, { type: 'integer', value: -7, valueInfo: {} }],
    ['Long', { type: 'Long', value: 9007199254740991 }, { type: 'long', value: 9007199254740991, valueInfo: {} }],
    ['Long from text', { type: 'Long', value: '-5000000000' }, { type: 'long', value: -5000000000, valueInfo: {} }],
    ['Double', { type: 'Double', value: 1.25 }, { type: 'double', value: 1.25, valueInfo: {} }],
    ['Double from an integer', { type: 'Double', value: 3 }, { type: 'double', value: 3, valueInfo: {} }],
    ['Double from text', { type: 'Double', value: '2.5e3' }, { type: 'double', value: 2500, valueInfo: {} }],
    ['Date (client format)', { type: 'date', value: '2024-01-01T10:00:00.000+0000' }, { type: 'date', value: JAN_1, valueInfo: {} }],
    ['Date with offset', { type: 'Date', value: '2024-01-01T18:00:00.000+0800' }, { type: 'date', value: JAN_1, valueInfo: {} }],
    ['Date from epoch millis', { type: 'Date', value: JAN_1.getTime() }, { type: 'date', value: JAN_1, valueInfo: {} }],
    ['Json', { type: 'Json', value: '{"a":[1,2]}' }, { type: 'json', value: '{"a":[1,2]}', valueInfo: {} }],
    ['json (client spelling)', { type: 'json', value: '[]' }, { type: 'json', value: '[]', valueInfo: {} }],
    ['Json null', { type: 'Json', value: null }, { type: 'json', value: null, valueInfo: {} }],
    ['Object with its type info',
      { type: 'Object', value: '{"x":1}', valueInfo: { objectTypeName: 'com.example.Order', serializationDataFormat: 'application/json', other: 1 } },
      { type: 'object', value: '{"x":1}', valueInfo: { objectTypeName: 'com.example.Order', serializationDataFormat: 'application/json' } }],
    ['Object serialized by Java', { type: 'Object', value: 'rO0AB', valueInfo: { serializationDataFormat: 'application/x-java-serialized-object' } },
      { type: 'object', value: 'rO0AB', valueInfo: { serializationDataFormat: 'application/x-java-serialized-object' } }],
    ['Null', { type: 'Null', value: null }, { type: 'null', value: null, valueInfo: {} }],
    ['null (client spelling), value absent', { type: 'null' }, { type: 'null', value: null, valueInfo: {} }],
    ['File with all info',
      { type: 'File', value: b64('hello'), valueInfo: { filename: 'a.txt', mimeType: 'text/plain', encoding: 'utf-8' } },
      { type: 'file', value: Buffer.from('hello'), valueInfo: { filename: 'a.txt', mimeType: 'text/plain', encoding: 'utf-8' } }],
    ['file from the JS client (lower-case mimetype ignored)',
      { type: 'file', value: b64('png'), valueInfo: { filename: 'a.png', mimetype: 'image/png' } },
      { type: 'file', value: Buffer.from('png'), valueInfo: { filename: 'a.png' } }],
    ['File without content', { type: 'File', value: null, valueInfo: { filename: 'a.txt' } },
      { type: 'file', value: null, valueInfo: { filename: 'a.txt' } }],
    ['Bytes', { type: 'Bytes', value: b64('\u0000\u0001') }, { type: 'bytes', value: Buffer.from([0, 1]), valueInfo: {} }],
    ['Bytes with line breaks', { type: 'Bytes', value: 'aGVs\nbG8=' }, { type: 'bytes', value: Buffer.from('hello'), valueInfo: {} }],
    ['String with unknown valueInfo keys dropped', { type: 'String', value: 'x', valueInfo: { foo: 1 } },
      { type: 'string', value: 'x', valueInfo: {} }],
    ['transient String', { type: 'String', value: 'x', valueInfo: { transient: true } },
      { type: 'string', value: 'x', valueInfo: { transient: true } }],
    ['transient false is dropped', { type: 'String', value: 'x', valueInfo: { transient: false } },
      { type: 'string', value: 'x', valueInfo: {} }],
    ['transient untyped', { value: 1, valueInfo: { transient: true } }, { type: 'integer', value: 1, valueInfo: { transient: true } }],
    ['transient File', { type: 'File', value: '', valueInfo: { filename: 'f', transient: true } },
      { type: 'file', value: Buffer.alloc(0), valueInfo: { filename: 'f', transient: true } }],
    ['valueInfo null', { type: 'Integer', value: 1, valueInfo: null }, { type: 'integer', value: 1, valueInfo: {} }],
  ])('%s', (_label, dto, expected) => {
    expect(fromRestValue('v', dto)).toEqual(expected);
  });
});

describe('fromRestValue rejects invalid input with 400 naming the variable', () => {
  test.each<[string, unknown, string]>([
    ['a non-object variable', 'abc', 'must be a JSON object'],
    ['a null variable', null, 'must be a JSON object'],
    ['an array variable', [], 'must be a JSON object'],
    ['an unknown type', { type: 'Money', value: 1 }, "Unsupported value type 'Money'"],
    ['an all-caps type', { type: 'STRING', value: 'x' }, "Unsupported value type 'STRING'"],
    ['an odd-case type', { type: 'sTRING', value: 'x' }, "Unsupported value type 'sTRING'"],
    ['JSON in caps', { type: 'JSON', value: '{}' }, "Unsupported value type 'JSON'"],
    ['an empty type', { type: '', value: 'x' }, "Unsupported value type ''"],
    ['a numeric type', { type: 5, value: 'x' }, "Unsupported value type '5'"],
    ['a String given an object', { type: 'String', value: { a: 1 } }, "Cannot convert value '{\"a\":1}' of type 'String'"],
    ['a Boolean given a number', { type: 'Boolean', value: 1 }, "Cannot convert value '1' of type 'Boolean' to java type java.lang.Boolean"],
    ['a Boolean given "yes"', { type: 'Boolean', value: 'yes' }, "Cannot convert value 'yes' of type 'Boolean'"],
    ['an Integer given text', { type: 'Integer', value: 'abc' }, "Cannot convert value 'abc' of type 'Integer' to java type java.lang.Integer"],
    ['an Integer given a fraction', { type: 'Integer', value: 1.5 }, "Cannot convert value '1.5' of type 'Integer'"],
    ['an Integer above 32 bits', { type: 'Integer', value: 2147483648 }, "Cannot convert value '2147483648' of type 'Integer'"],
    ['an Integer given a boolean', { type: 'Integer', value: true }, "Cannot convert value 'true' of type 'Integer'"],
    ['a Short above 16 bits', { type: 'Short', value: 32768 }, "Cannot convert value '32768' of type 'Short' to java type java.lang.Short"],
    ['a Long beyond the safe range', { type: 'Long', value: '9007199254740993' }, "of type 'Long' to java type java.lang.Long"],
    ['a Long given a fraction', { type: 'Long', value: 2.5 }, "Cannot convert value '2.5' of type 'Long'"],
    ['a Double given text', { type: 'Double', value: 'NaN' }, "Cannot convert value 'NaN' of type 'Double' to java type java.lang.Double"],
    ['a Double given a boolean', { type: 'Double', value: false }, "of type 'Double'"],
    ['a Date in another format', { type: 'Date', value: '01.01.2024' }, "Cannot convert value '01.01.2024' of type 'Date' to java type java.util.Date"],
    ['a Date given a boolean', { type: 'Date', value: true }, "of type 'Date'"],
    ['a Json given an object', { type: 'Json', value: { a: 1 } }, "Must provide 'null' or String value for value of SerializableValue type 'Json'."],
    ['a Json given a number', { type: 'json', value: 5 }, "SerializableValue type 'Json'"],
    ['a Json given invalid JSON text', { type: 'Json', value: '{a:1}' }, "is not valid JSON text"],
    ['an Object given an object', { type: 'Object', value: { a: 1 } }, "Must provide 'null' or String value for value of SerializableValue type 'Object'."],
    ['an application/json Object with invalid text', { type: 'Object', value: 'nope', valueInfo: { serializationDataFormat: 'application/json' } }, 'is not valid JSON text'],
    ['an Object with a non-string objectTypeName', { type: 'Object', value: '{}', valueInfo: { objectTypeName: 5 } }, 'valueInfo.objectTypeName must be a string'],
    ['a Null with a value', { type: 'Null', value: 'x' }, "a value of type 'Null' must be null"],
    ['a File without filename', { type: 'File', value: b64('x') }, 'Cannot create file without filename! Please set a name into ValueInfo with key filename.'],
    ['a File with an empty filename', { type: 'File', value: b64('x'), valueInfo: { filename: '' } }, 'Cannot create file without filename!'],
    ['a File given a number', { type: 'File', value: 5, valueInfo: { filename: 'a' } }, "of type 'File' must be a base64 string"],
    ['a File with non-base64 text', { type: 'File', value: 'not base64!', valueInfo: { filename: 'a' } }, 'must be a base64 string'],
    ['a File with a non-string mimeType', { type: 'File', value: '', valueInfo: { filename: 'a', mimeType: 1 } }, 'valueInfo.mimeType must be a string'],
    ['Bytes given a number', { type: 'Bytes', value: 5 }, "of type 'Bytes' must be a base64 string"],
    ['a valueInfo that is not an object', { type: 'String', value: 'x', valueInfo: 'y' }, 'valueInfo must be a JSON object'],
    ['a non-boolean transient', { type: 'String', value: 'x', valueInfo: { transient: 'yes' } }, "The property 'transient' should have a value of type 'boolean'."],
  ])('%s', (_label, dto, message) => {
    const e = rejection(() => fromRestValue('myVar', dto));
    expect(e.status).toBe(400);
    expect(e.code).toBeNull();
    expect(e.message).toContain("'myVar'");
    expect(e.message).toContain(message);
  });
});

describe('fromRestVariables', () => {
  test.each([[null], [undefined]])('gives no variables for %p', (input) => {
    expect(fromRestVariables(input)).toEqual({});
  });

  test('reads every variable of the map', () => {
    expect(fromRestVariables({ a: { value: 'x', type: 'String' }, b: { value: 1 } })).toEqual({
      a: { type: 'string', value: 'x', valueInfo: {} },
      b: { type: 'integer', value: 1, valueInfo: {} },
    });
  });

  test('keeps a variable called __proto__ as an own property', () => {
    const vars = fromRestVariables(JSON.parse('{"__proto__": {"value": "x"}}'));
    expect(Object.keys(vars)).toEqual(['__proto__']);
    expect(Object.getPrototypeOf(vars)).toBe(Object.prototype);
  });

  test.each([['a string', 'x'], ['an array', []], ['a number', 3]])('rejects %s with 400', (_label, input) => {
    expect(rejection(() => fromRestVariables(input)).status).toBe(400);
  });

  test('reports the first invalid variable by name', () => {
    expect(rejection(() => fromRestVariables({ ok: { value: 1 }, bad: { type: 'Integer', value: 'x' } })).message).toContain("'bad'");
  });
});

describe('toRestValue', () => {
  const d = new Date(Date.UTC(2026, 0, 25, 5, 33, 42, 165));
  test.each<[string, TypedValue, unknown]>([
    ['String', { type: 'string', value: 'x', valueInfo: {} }, { type: 'String', value: 'x', valueInfo: {} }],
    ['Boolean', { type: 'boolean', value: false, valueInfo: {} }, { type: 'Boolean', value: false, valueInfo: {} }],
    ['Short', { type: 'short', value: 3, valueInfo: {} }, { type: 'Short', value: 3, valueInfo: {} }],
    ['Integer', { type: 'integer', value: 42, valueInfo: {} }, { type: 'Integer', value: 42, valueInfo: {} }],
    ['Long', { type: 'long', value: 5e12, valueInfo: {} }, { type: 'Long', value: 5e12, valueInfo: {} }],
    ['Double', { type: 'double', value: 0.5, valueInfo: {} }, { type: 'Double', value: 0.5, valueInfo: {} }],
    ['Date', { type: 'date', value: d, valueInfo: {} }, { type: 'Date', value: formatEngineDate(d), valueInfo: {} }],
    ['Date null', { type: 'date', value: null, valueInfo: {} }, { type: 'Date', value: null, valueInfo: {} }],
    ['Json', { type: 'json', value: '{"a":1}', valueInfo: {} }, { type: 'Json', value: '{"a":1}', valueInfo: {} }],
    ['Object', { type: 'object', value: '{"a":1}', valueInfo: { objectTypeName: 'T', serializationDataFormat: 'application/json' } },
      { type: 'Object', value: '{"a":1}', valueInfo: { objectTypeName: 'T', serializationDataFormat: 'application/json' } }],
    ['Null', { type: 'null', value: null, valueInfo: {} }, { type: 'Null', value: null, valueInfo: {} }],
    ['File (no content, only the info that is set)', { type: 'file', value: Buffer.from('x'), valueInfo: { filename: 'a.txt', mimeType: 'text/plain' } },
      { type: 'File', value: null, valueInfo: { filename: 'a.txt', mimeType: 'text/plain' } }],
    ['File with encoding', { type: 'file', value: Buffer.from('x'), valueInfo: { filename: 'a.txt', mimeType: 'text/plain', encoding: 'utf-8' } },
      { type: 'File', value: null, valueInfo: { filename: 'a.txt', mimeType: 'text/plain', encoding: 'utf-8' } }],
    ['Bytes as base64', { type: 'bytes', value: Buffer.from('hello'), valueInfo: {} }, { type: 'Bytes', value: 'aGVsbG8=', valueInfo: {} }],
    ['transient', { type: 'string', value: 'x', valueInfo: { transient: true } }, { type: 'String', value: 'x', valueInfo: { transient: true } }],
  ])('renders %s', (_label, v, expected) => {
    expect(toRestValue(v)).toEqual(expected);
  });

  test.each<[string, TypedValue, unknown]>([
    ['an application/json Object parsed', { type: 'object', value: '{"a":[1]}', valueInfo: { serializationDataFormat: 'application/json' } }, { a: [1] }],
    ['a Java-serialized Object as text', { type: 'object', value: 'rO0AB', valueInfo: { serializationDataFormat: 'application/x-java-serialized-object' } }, 'rO0AB'],
    ['a Json as text (the JS client parses it itself)', { type: 'json', value: '{"a":1}', valueInfo: {} }, '{"a":1}'],
  ])('with deserializeValues renders %s', (_label, v, value) => {
    expect(toRestValue(v, { deserializeValues: true }).value).toEqual(value);
  });

  test('round-trips every REST type through fromRestValue', () => {
    const dtos = {
      s: { type: 'String', value: 'x', valueInfo: {} },
      b: { type: 'Boolean', value: true, valueInfo: {} },
      sh: { type: 'Short', value: 1, valueInfo: {} },
      i: { type: 'Integer', value: 2, valueInfo: {} },
      l: { type: 'Long', value: 3, valueInfo: {} },
      d: { type: 'Double', value: 4.5, valueInfo: {} },
      dt: { type: 'Date', value: formatEngineDate(d), valueInfo: {} },
      j: { type: 'Json', value: '{}', valueInfo: {} },
      o: { type: 'Object', value: '{}', valueInfo: { objectTypeName: 'T', serializationDataFormat: 'application/json' } },
      n: { type: 'Null', value: null, valueInfo: {} },
      by: { type: 'Bytes', value: 'AAE=', valueInfo: {} },
    };
    expect(toRestVariables(fromRestVariables(dtos))).toEqual(dtos);
  });
});

describe('restTypeName', () => {
  test.each([['string', 'String'], ['json', 'Json'], ['null', 'Null'], ['bytes', 'Bytes']] as const)('%s → %s', (type, name) => {
    expect(restTypeName(type)).toBe(name);
  });
});
