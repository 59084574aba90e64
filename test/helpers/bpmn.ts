/** A minimal BPMN process in the Camunda 7 dialect, built from flow-node XML (for scenario tests). */
export function bpmnProcess(id: string, body: string): string {
  return `<?xml version="1.0" encoding="UTF-8"?>
<bpmn:definitions xmlns:bpmn="http://www.omg.org/spec/BPMN/20100524/MODEL" xmlns:camunda="http://camunda.org/schema/1.0/bpmn" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" id="Definitions_${id}" targetNamespace="http://example.org/test">
  <bpmn:process id="${id}" isExecutable="true">
${body}
  </bpmn:process>
</bpmn:definitions>`;
}
