import { isoFromEngine, isoFromEngineOrNull, taskWithIsoDates } from '../../../src/engine-client/variables.js';

describe('engine date-times as /api answers them', () => {
  it.each([
    ['China time', '2026-10-12T10:00:00.000+0800', '2026-10-12T02:00:00.000Z'],
    ['UTC written as +0000', '2026-10-12T02:00:00.000+0000', '2026-10-12T02:00:00.000Z'],
    ['a zone west of Greenwich', '2026-10-11T22:30:00.000-0330', '2026-10-12T02:00:00.000Z'],
    ['a day boundary crossed', '2026-01-01T07:59:59.999+0800', '2025-12-31T23:59:59.999Z'],
    ['an ISO date-time already', '2026-10-12T02:00:00.000Z', '2026-10-12T02:00:00.000Z'],
  ])('turns %s into ISO 8601 UTC', (_case, engine, iso) => {
    expect(isoFromEngine(engine)).toBe(iso);
  });

  it('refuses a text that is no date-time, naming it', () => {
    expect(() => isoFromEngine('next Tuesday')).toThrow('Not an engine date-time: "next Tuesday"');
  });

  it('keeps an absent date absent', () => {
    expect(isoFromEngineOrNull(null)).toBeNull();
    expect(isoFromEngineOrNull(undefined)).toBeNull();
  });

  it('converts every date-time of a task and leaves the rest as it is', () => {
    const task = { id: 't1', created: '2026-10-12T10:00:00.000+0800', due: null, lastUpdated: '2026-10-12T11:00:00.000+0800', followUp: null, name: '调查取证' };

    expect(taskWithIsoDates(task)).toEqual({ id: 't1', created: '2026-10-12T02:00:00.000Z', due: null, lastUpdated: '2026-10-12T03:00:00.000Z', followUp: null, name: '调查取证' });
    expect(taskWithIsoDates({ created: '2026-10-12T10:00:00.000+0800', due: '2026-10-19T10:00:00.000+0800' })).toEqual({ created: '2026-10-12T02:00:00.000Z', due: '2026-10-19T02:00:00.000Z' });
  });
});
