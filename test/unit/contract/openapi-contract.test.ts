import { describeContract } from '../../helpers/openapi-contract.js';

describeContract('Camunda 7 OpenAPI contract helper', (contract) => {
  const validDefinition = {
    id: 'example-greeting:1:2f4c2d9e-0f3b-4b8e-9d6a-1c2b3a4d5e6f',
    key: 'example-greeting',
    category: 'http://bpmn.io/schema/bpmn',
    description: null,
    name: '示例：问候',
    version: 1,
    resource: 'example-greeting.bpmn',
    deploymentId: '9b1d7c1e-7a41-4f1a-8f5e-3c9e2a1b0d4f',
    diagram: null,
    suspended: false,
    tenantId: null,
    versionTag: null,
    historyTimeToLive: 180,
    startableInTasklist: true,
  };

  test('loads the 7.23 document', () => {
    expect(contract.version).toBe('7.23.0');
    expect(contract.hasResponse('GET', '/version', 200)).toBe(true);
    expect(contract.hasResponse('GET', '/version', 418)).toBe(false);
  });

  test('accepts a valid GET /version body', () => {
    expect(contract.validateResponse('GET', '/version', 200, { version: '7.23.0' })).toEqual([]);
  });

  test('accepts a valid ProcessDefinitionDto with nulls where the contract allows them', () => {
    expect(contract.validateResponse('get', '/process-definition/{id}', 200, validDefinition)).toEqual([]);
    const allNull = Object.fromEntries(Object.keys(validDefinition).map((key) => [key, null]));
    expect(contract.validateResponse('GET', '/process-definition/{id}', 200, allNull)).toEqual([]);
  });

  test('ignores a leading /engine-rest in the path template', () => {
    expect(contract.validateResponse('GET', '/engine-rest/process-definition/{id}', 200, validDefinition)).toEqual([]);
  });

  test('reports a wrongly typed property by name', () => {
    const violations = contract.validateResponse('GET', '/process-definition/{id}', 200, {
      ...validDefinition,
      version: '1',
    });
    expect(violations).toHaveLength(1);
    expect(violations[0]).toMatch(/^\/version: /);
  });

  test('reports a body that is not an object', () => {
    expect(contract.validateResponse('GET', '/version', 200, '7.23.0')).not.toEqual([]);
  });

  test('checks array items through $refs', () => {
    const list = [validDefinition, { ...validDefinition, suspended: 'no' }];
    const violations = contract.validateResponse('GET', '/process-definition', 200, list);
    expect(violations).toEqual([expect.stringMatching(/^\/1\/suspended: /)]);
  });

  test('allows null for a DTO-valued property and still checks its type', () => {
    const result = { resultType: 'ProcessDefinition', execution: null, processInstance: null, variables: null };
    expect(contract.validateResponse('POST', '/message', 200, [result])).toEqual([]);
    expect(contract.validateResponse('POST', '/message', 200, [{ ...result, execution: 5 }])).toEqual([
      '/0/execution: must be object',
    ]);
  });

  test("accepts Camunda's date format and rejects RFC 3339 UTC strings", () => {
    const task = { id: 't1', name: '确认问候语', created: '2026-01-25T13:33:42.165+0800', due: null };
    expect(contract.validateResponse('GET', '/task/{id}', 200, task)).toEqual([]);
    const isoTask = { ...task, created: '2026-01-25T05:33:42.165Z' };
    expect(contract.validateResponse('GET', '/task/{id}', 200, isoTask)).toEqual([
      expect.stringMatching(/^\/created: must match format "date-time"/),
    ]);
  });

  test('validates error bodies and empty responses', () => {
    const error = { type: 'NullValueException', message: 'Cannot find task with id x: task is null', code: 0 };
    expect(contract.validateResponse('GET', '/task/{id}', 404, error)).toEqual([]);
    expect(contract.validateResponse('PUT', '/process-definition/{id}/suspended', 204, {})).toEqual([]);
    expect(contract.validateResponse('PUT', '/process-definition/{id}/suspended', 204, { a: 1 })).toHaveLength(1);
  });

  test('throws for an unknown operation or status, naming it', () => {
    expect(() => contract.validateResponse('GET', '/no-such-resource', 200, {})).toThrow(/GET \/no-such-resource/);
    expect(() => contract.validateResponse('PATCH', '/version', 200, {})).toThrow(/PATCH \/version/);
    expect(() => contract.validateResponse('GET', '/version', 418, {})).toThrow(/418.*GET \/version/);
  });
});
