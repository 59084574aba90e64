import { readFileSync } from 'node:fs';
import { parseBpmn } from '../../../../src/engine/model/index.js';
test('smoke', async () => {
  const r = await parseBpmn(readFileSync('test/fixtures/bpmn/valid-every-construct.bpmn', 'utf8'));
  console.log(JSON.stringify({ errors: r.errors, warnings: r.warnings }, null, 1));
  console.log(JSON.stringify(r.processes.map(p => ({...p, elements: Object.fromEntries(p.elements), flows: Object.fromEntries(p.flows)})), (k, v) => (v && typeof v === 'object' && typeof v.evaluate === 'function') ? `<${v.source}>` : v, 1).slice(0, 6000));
});
