import {
  ClockConfigError,
  DEFAULT_CLOCK_RULES,
  DEFAULT_CLOCK_THRESHOLDS,
  isClockRuleId,
  loadClockRules,
} from '../../../src/clocks/index.js';

describe('DEFAULT_CLOCK_RULES', () => {
  it('counts the licensing decision periods in working days, pausable under 行政许可法 Art 45', () => {
    expect(DEFAULT_CLOCK_RULES.P2).toMatchObject({ unit: 'workingDays', amount: 15, pausable: true });
    expect(DEFAULT_CLOCK_RULES.P3).toMatchObject({ unit: 'workingDays', amount: 15, pausable: true });
    expect(DEFAULT_CLOCK_RULES.P3.basis).toContain('第82条');
  });

  it('has the catalogue periods of docs/domain.md §9', () => {
    expect(DEFAULT_CLOCK_RULES.P1).toMatchObject({ unit: 'workingDays', amount: 5, basis: '行政许可法第32条' });
    expect(DEFAULT_CLOCK_RULES.P4).toMatchObject({ unit: 'workingDays', amount: 10, basis: '行政许可法第44条' });
    expect(DEFAULT_CLOCK_RULES.P5).toMatchObject({ unit: 'months', amount: 6, pausable: false, rollOverHoliday: true });
    expect(DEFAULT_CLOCK_RULES.F1).toMatchObject({ unit: 'calendarDays', amount: 30, rollOverHoliday: true });
    expect(DEFAULT_CLOCK_RULES.F3).toMatchObject({ unit: 'workingDays', amount: 30, direction: 'before' });
    expect(DEFAULT_CLOCK_RULES.G2).toMatchObject({ unit: 'months', amount: 36, pausable: false });
  });

  it('marks the periods without a legal source as UNCONFIRMED', () => {
    expect(DEFAULT_CLOCK_RULES.FR).toMatchObject({ amount: 5, basis: 'local practice (UNCONFIRMED)' });
    expect(DEFAULT_CLOCK_RULES.FC).toMatchObject({ unit: 'calendarDays', amount: 30 });
    expect(DEFAULT_CLOCK_RULES.FC.basis).toContain('UNCONFIRMED');
    expect(DEFAULT_CLOCK_RULES.G1).toMatchObject({ unit: 'workingDays', amount: 20 });
    expect(DEFAULT_CLOCK_RULES.G1.basis).toContain('UNCONFIRMED');
  });

  it('keys every rule by its own id', () => {
    for (const [id, rule] of Object.entries(DEFAULT_CLOCK_RULES)) expect(rule).toMatchObject({ id });
    expect(isClockRuleId('P3')).toBe(true);
    expect(isClockRuleId('P9')).toBe(false);
    expect(isClockRuleId('toString')).toBe(false);
  });

  it('has the default thresholds blue 0.5 and yellow 0.2', () => {
    expect(DEFAULT_CLOCK_THRESHOLDS).toEqual({ blue: 0.5, yellow: 0.2 });
  });
});

describe('loadClockRules', () => {
  it('returns the frozen defaults when no overrides are configured', () => {
    // when
    const set = loadClockRules();

    // then
    expect(set.rules).toEqual(DEFAULT_CLOCK_RULES);
    expect(set.thresholds).toEqual({ blue: 0.5, yellow: 0.2 });
    expect(Object.isFrozen(set)).toBe(true);
    expect(Object.isFrozen(set.rules.P3)).toBe(true);
  });

  it('applies the operator overrides of rules and thresholds, leaving the rest as defaults', () => {
    // when
    const set = loadClockRules({ rules: { P3: { amount: 20 } }, thresholds: { blue: 0.4, yellow: 0.1 } });

    // then
    expect(set.rules.P3).toEqual({ ...DEFAULT_CLOCK_RULES.P3, amount: 20 });
    expect(set.rules.P2).toEqual(DEFAULT_CLOCK_RULES.P2);
    expect(set.thresholds).toEqual({ blue: 0.4, yellow: 0.1 });
    expect(DEFAULT_CLOCK_RULES.P3.amount).toBe(15);
    expect(Object.isFrozen(set.rules.P3)).toBe(true);
  });

  it('lets a province change unit, roll-over, pausing, name and basis of a rule', () => {
    const set = loadClockRules({
      rules: {
        FC: { unit: 'workingDays', amount: 15, pausable: true, name: '补正', basis: '某省规定' },
        F1: { rollOverHoliday: false },
      },
    });

    expect(set.rules.FC).toMatchObject({ id: 'FC', unit: 'workingDays', amount: 15, pausable: true, name: '补正' });
    expect(set.rules.F1.rollOverHoliday).toBe(false);
  });

  it('accepts a single threshold when it stays consistent with the default of the other', () => {
    expect(loadClockRules({ thresholds: { yellow: 0.1 } }).thresholds).toEqual({ blue: 0.5, yellow: 0.1 });
  });

  describe('rejects invalid overrides with CLOCK_RULES_INVALID naming the path', () => {
    function issuesOf(overrides: unknown): Array<{ path: string; message: string }> {
      try {
        loadClockRules(overrides, '/etc/clock-rules.json');
      } catch (error) {
        expect(error).toBeInstanceOf(ClockConfigError);
        expect(error).toMatchObject({ code: 'CLOCK_RULES_INVALID' });
        expect((error as Error).message).toContain('/etc/clock-rules.json');
        return (error as ClockConfigError).issues;
      }
      throw new Error('expected the overrides to be rejected');
    }

    it.each([
      ['an unknown rule id', { rules: { P9: { amount: 3 } } }, 'rules.P9'],
      ['a bad unit', { rules: { P3: { unit: 'weeks' } } }, 'rules.P3.unit'],
      ['a zero amount', { rules: { P3: { amount: 0 } } }, 'rules.P3.amount'],
      ['a negative amount', { rules: { P3: { amount: -5 } } }, 'rules.P3.amount'],
      ['a fractional amount', { rules: { P3: { amount: 1.5 } } }, 'rules.P3.amount'],
      ['an amount given as text', { rules: { P3: { amount: '20' } } }, 'rules.P3.amount'],
      ['a field that may not be overridden', { rules: { F3: { direction: 'after' } } }, 'rules.F3'],
      ['yellow above blue', { thresholds: { blue: 0.3, yellow: 0.4 } }, 'thresholds'],
      ['yellow equal to blue', { thresholds: { blue: 0.3, yellow: 0.3 } }, 'thresholds'],
      ['yellow above the default blue', { thresholds: { yellow: 0.6 } }, 'thresholds'],
      ['blue of 1', { thresholds: { blue: 1, yellow: 0.2 } }, 'thresholds.blue'],
      ['yellow of 0', { thresholds: { blue: 0.5, yellow: 0 } }, 'thresholds.yellow'],
      ['an unknown top-level key', { rule: { P3: { amount: 20 } } }, ''],
      ['rules that are not an object', { rules: [] }, 'rules'],
      ['something that is not an object', 'P3=20', ''],
    ])('%s', (_case, overrides, path) => {
      expect(issuesOf(overrides).map((issue) => issue.path)).toContain(path);
    });

    it('lists every problem at once', () => {
      const issues = issuesOf({ rules: { P9: {}, P3: { unit: 'weeks', amount: 0 } } });
      expect(issues.map((issue) => issue.path).sort()).toEqual(['rules.P3.amount', 'rules.P3.unit', 'rules.P9']);
    });

    it('names the known rule ids when an id is unknown', () => {
      const [issue] = issuesOf({ rules: { P9: {} } });
      expect(issue?.message).toContain('P1, P2, P3');
    });
  });
});
