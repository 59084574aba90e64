import { readFileSync } from 'node:fs';
import { diffModels } from '../../../src/process-management/index.js';

const v1 = readFileSync('test/fixtures/process-management/pm-review.bpmn', 'utf8');
const v2 = readFileSync('test/fixtures/process-management/v2/pm-review.bpmn', 'utf8');

describe(diffModels.name, () => {
  it('names the step a new version adds, the flows it replaces and the shapes that moved', async () => {
    const diff = await diffModels(v1, v2);

    expect(diff.added).toEqual([
      { id: 'Flow_CountersignToDone', type: 'bpmn:SequenceFlow', name: null },
      { id: 'Flow_ReviewToCountersign', type: 'bpmn:SequenceFlow', name: null },
      { id: 'Task_Countersign', type: 'bpmn:UserTask', name: '领导会签' },
    ]);
    expect(diff.removed).toEqual([{ id: 'Flow_ReviewToDone', type: 'bpmn:SequenceFlow', name: null }]);
    expect(diff.changed).toEqual([]);
    expect(diff.layoutChanged).toEqual([{ id: 'EndEvent_Done', type: 'bpmn:EndEvent', name: '办结' }]);
  });

  it('shows a changed attribute with its old and its new value', async () => {
    const renamed = v1.replace('name="审核备案" camunda:candidateGroups="filing-reviewer-440100"', 'name="初审" camunda:candidateGroups="filing-reviewer-440300"');

    const diff = await diffModels(v1, renamed);

    expect(diff.changed).toEqual([{
      id: 'Task_Review', type: 'bpmn:UserTask', name: '初审',
      attributes: expect.arrayContaining([
        { name: 'name', oldValue: '审核备案', newValue: '初审' },
        { name: 'candidateGroups', oldValue: 'filing-reviewer-440100', newValue: 'filing-reviewer-440300' },
      ]),
    }]);
  });

  it('shows an event definition given to an event as a new value of the event', async () => {
    const withError = v1
      .replace('<bpmn:endEvent id="EndEvent_Done" name="办结">\n      <bpmn:incoming>Flow_ReviewToDone</bpmn:incoming>\n', '<bpmn:endEvent id="EndEvent_Done" name="办结">\n      <bpmn:incoming>Flow_ReviewToDone</bpmn:incoming>\n      <bpmn:errorEventDefinition id="Def_Rejected" />\n');

    const diff = await diffModels(v1, withError);

    expect(diff.changed).toEqual([{
      id: 'EndEvent_Done', type: 'bpmn:EndEvent', name: '办结',
      attributes: [{ name: 'eventDefinitions[0]', oldValue: null, newValue: { type: 'bpmn:ErrorEventDefinition', id: 'Def_Rejected' } }],
    }]);
  });

  it('finds nothing between a version and itself', async () => {
    expect(await diffModels(v2, v2)).toEqual({ added: [], removed: [], changed: [], layoutChanged: [] });
  });
});
