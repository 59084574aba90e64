import { spawnSync } from 'node:child_process';
import { readdirSync } from 'node:fs';

const models = readdirSync('bpmn').filter((f) => f.endsWith('.bpmn'));

describe('bpmnlint (bpmnlint:recommended + camunda-compat for Camunda 7.23, bpmn/.bpmnlintrc)', () => {
  it.each(models)('finds no errors or warnings in %s', (file) => {
    // bpmnlint runs as its own process: it loads ES-module dependencies that Jest's module loader cannot require
    const run = spawnSync(process.execPath, ['node_modules/bpmnlint/bin/bpmnlint.js', '-c', 'bpmn/.bpmnlintrc', `bpmn/${file}`], { encoding: 'utf8' });
    expect(run.stdout + run.stderr).not.toMatch(/error|warning/);
    expect(run.status).toBe(0);
  });

  it('reports a model that breaks a rule', () => {
    const run = spawnSync(process.execPath, ['node_modules/bpmnlint/bin/bpmnlint.js', '-c', 'bpmn/.bpmnlintrc', 'test/fixtures/bpmn/invalid-several-problems.bpmn'], { encoding: 'utf8' });
    expect(run.status).not.toBe(0);
  });
});
