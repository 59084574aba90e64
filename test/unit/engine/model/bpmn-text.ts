import { readFileSync } from 'node:fs';
import type { ParseProblem } from '../../../../src/engine/errors.js';
import { parseBpmn, type FlowElementModel, type ProcessModel } from '../../../../src/engine/model/index.js';

/** A BPMN fixture from `test/fixtures/bpmn/`. */
export function fixture(name: string): string {
  return readFileSync(new URL(`../../../fixtures/bpmn/${name}`, import.meta.url), 'utf8');
}

/** A BPMN document with the usual namespaces, root-level message/signal/error/escalation definitions and `content`. */
export function definitionsXml(content: string): string {
  return `<?xml version="1.0" encoding="UTF-8"?>
<bpmn:definitions xmlns:bpmn="http://www.omg.org/spec/BPMN/20100524/MODEL" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" xmlns:camunda="http://camunda.org/schema/1.0/bpmn" id="Definitions_1" targetNamespace="http://bpmn.io/schema/bpmn">
  <bpmn:message id="Message_1" name="paid" />
  <bpmn:signal id="Signal_1" name="alarm" />
  <bpmn:error id="Error_1" errorCode="E1" />
  <bpmn:escalation id="Escalation_1" escalationCode="X1" />
  ${content}
</bpmn:definitions>
`;
}

/** A document whose executable process `Process_1` holds a none start event `Start` followed by `body` (on line 9). */
export function processXml(body: string, processAttributes = 'camunda:historyTimeToLive="30"'): string {
  return definitionsXml(`<bpmn:process id="Process_1" isExecutable="true" ${processAttributes}>
    <bpmn:startEvent id="Start" />
    ${body}
  </bpmn:process>`);
}

/** Problems as `[mainBpmnElementId, message]` pairs, for compact assertions. */
export function summary(problems: readonly ParseProblem[]): Array<[string | null, string]> {
  return problems.map((p) => [p.mainBpmnElementId, p.message]);
}

/** Parses a resource that must be valid and returns its one process. */
export async function parsedProcess(xml: string): Promise<ProcessModel> {
  const { processes, errors } = await parseBpmn(xml);
  expect(summary(errors)).toEqual([]);
  expect(processes).toHaveLength(1);
  return processes[0]!;
}

/** An element of a parsed process; throws when it is missing. */
export function element(process: ProcessModel, id: string): FlowElementModel {
  const el = process.elements.get(id);
  if (!el) throw new Error(`no element ${id}`);
  return el;
}
