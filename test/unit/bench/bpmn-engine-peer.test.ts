import { runBpmnEnginePeer } from '../../bench/bpmn-engine-peer.js';

describe('runBpmnEnginePeer', () => {
  test('runs every instance to its end and reports finite, positive numbers', async () => {
    const result = await runBpmnEnginePeer({ instances: 20, concurrency: 5 });
    expect(result.count).toBe(20);
    for (const value of [result.instancesPerSec, result.p50Ms, result.p99Ms]) {
      expect(Number.isFinite(value)).toBe(true);
      expect(value).toBeGreaterThan(0);
    }
    expect(result.p99Ms).toBeGreaterThanOrEqual(result.p50Ms);
  });

  test('uses the default concurrency and rejects an empty run', async () => {
    await expect(runBpmnEnginePeer({ instances: 20 })).resolves.toMatchObject({ count: 20 });
    await expect(runBpmnEnginePeer({ instances: 0 })).rejects.toThrow(RangeError);
  });
});
