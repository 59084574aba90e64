import { canReach, parseBpmn, type ProcessModel } from '../../../../src/engine/model/index.js';
import { fixture } from './bpmn-text.js';

describe('canReach', () => {
  let model: ProcessModel;

  beforeAll(async () => {
    const parsed = await parseBpmn(fixture('valid-loop.bpmn'));
    expect(parsed.errors).toEqual([]);
    model = parsed.processes[0] as ProcessModel;
  });

  test.each<[from: string, target: string, reachable: boolean]>([
    ['Start', 'End', true],
    ['Fix', 'Check', true],
    ['Check', 'Draft', true],
    ['Join', 'Draft', false],
    ['Left', 'Right', false],
    ['Split', 'Join', true],
    ['Orphan', 'End', true],
    ['Start', 'Orphan', false],
    ['End', 'Start', false],
    ['Draft', 'Draft', true],
    ['Unknown', 'End', false],
  ])('a token at %s can reach %s: %s', (from, target, reachable) => {
    expect(canReach(model, from, target)).toBe(reachable);
  });

  test('an element inside a loop reaches itself and everything after the loop', () => {
    expect(canReach(model, 'Fix', 'Fix')).toBe(true);
    expect(canReach(model, 'Fix', 'Join')).toBe(true);
    expect(canReach(model, 'Fix', 'Orphan')).toBe(false);
  });
});
