import { readdirSync, readFileSync } from 'node:fs';
import { Bpmnlint, ModelLinter, type UploadedFile } from '../../src/process-management/index.js';
import { WORKERS } from '../../src/workers/index.js';

// the same linter that guards deployments through /api/process-models
const linter = new ModelLinter({ bpmnlint: Bpmnlint.fromFile('bpmn/.bpmnlintrc'), workers: WORKERS });
const models = readdirSync('bpmn').filter((f) => f.endsWith('.bpmn'));
const forms: UploadedFile[] = readdirSync('forms').filter((f) => f.endsWith('.form')).map((f) => ({ name: f, bytes: readFileSync(`forms/${f}`) }));

describe('bpmnlint (bpmnlint:recommended + camunda-compat for Camunda 7.23, bpmn/.bpmnlintrc) and the project rules', () => {
  it.each(models)('finds no errors or warnings in %s, deployed with forms/', async (file) => {
    const { findings } = await linter.lint([{ name: file, bytes: readFileSync(`bpmn/${file}`) }, ...forms], new Set());
    expect(findings).toEqual([]);
  });

  it('reports a model that breaks a rule', async () => {
    const { findings } = await linter.lint([{ name: 'invalid-several-problems.bpmn', bytes: readFileSync('test/fixtures/bpmn/invalid-several-problems.bpmn') }], new Set());
    expect(findings).toEqual(expect.arrayContaining([expect.objectContaining({ rule: 'label-required', category: 'error' })]));
  });
});
