import { jurisdictionOfGroup, scopeCondition } from '../../../src/jurisdiction/index.js';

describe(scopeCondition.name, () => {
  const columns = [{ column: 't.region_code' }, { column: 't.assigned_group', prefix: 'station-' }];

  it('matches everything for the whole installation and nothing without a scope', () => {
    expect(scopeCondition(columns, ['*', '440100'])).toEqual({ sql: '1 = 1', params: {} });
    expect(scopeCondition(columns, [])).toEqual({ sql: '1 = 0', params: {} });
  });

  it('matches each column against the LIKE pattern of every scope, with bound parameters', () => {
    // given a provincial scope and a station
    const condition = scopeCondition(columns, ['440000', '440106-shipai'], 'tip');
    // then
    expect(condition).toEqual({
      sql: '(t.region_code LIKE :tip0 OR t.assigned_group LIKE :tip1 OR t.region_code LIKE :tip2 OR t.assigned_group LIKE :tip3)',
      params: { tip0: '44%', tip1: 'station-44%', tip2: '440106-shipai', tip3: 'station-440106-shipai' },
    });
  });

  it('ignores malformed scopes', () => {
    expect(scopeCondition(columns, ['44%'])).toEqual({ sql: '1 = 0', params: {} });
  });
});

describe(jurisdictionOfGroup.name, () => {
  it.each([
    ['station-440106-shipai', '440106-shipai'],
    ['squad-440106', '440106'],
    ['leader-440000', '440000'],
    ['permit-approver-440100', '440100'],
    ['admin', null],
    ['station-everyone', null],
    ['unknown-440100', null],
  ])('%s → %s', (group, code) => {
    expect(jurisdictionOfGroup(group)).toBe(code);
  });
});
