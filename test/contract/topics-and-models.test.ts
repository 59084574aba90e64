import { readdirSync, readFileSync } from 'node:fs';
import { parseBpmn } from '../../src/engine/model/index.js';
import { externalTopicsOf, isReadable, readBpmn } from '../../src/process-management/index.js';
import { WORKERS } from '../../src/workers/index.js';
import { TOPIC } from '../../src/workers/topics.js';

const bpmnFiles = readdirSync('bpmn').filter((f) => f.endsWith('.bpmn'));
const workerFiles = new Set(readdirSync('src/workers').map((f) => f.replace(/\.ts$/, '')));

describe('bpmn/ models, worker topics and worker files', () => {
  it.each(bpmnFiles)('%s parses without errors and its file name is its process id', async (file) => {
    const parsed = await parseBpmn(readFileSync(`bpmn/${file}`, 'utf8'));
    expect(parsed.errors).toEqual([]);
    expect(parsed.processes.map((p) => p.id)).toEqual([file.replace(/\.bpmn$/, '')]);
  });

  it('has a worker for every external topic used in the models, and no worker without a topic', async () => {
    // a topic without a worker is also a lint error of the model (test/contract/bpmnlint.test.ts), as at deployment
    const used = new Set<string>();
    for (const file of bpmnFiles) {
      const read = await readBpmn(readFileSync(`bpmn/${file}`, 'utf8'));
      if (!isReadable(read)) throw new Error(`${file}: ${read.reason}`);
      for (const topic of externalTopicsOf(read.definitions)) used.add(topic);
    }
    const served = new Set(WORKERS.map((w) => w.topic));
    expect([...used].sort()).toEqual([...served].sort());
    expect(Object.values(TOPIC).sort()).toEqual([...served].sort());
  });

  it('keeps one worker per file, named after its topic', () => {
    for (const w of WORKERS) expect(workerFiles.has(w.topic)).toBe(true);
  });
});
