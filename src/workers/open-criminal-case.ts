/** Serves `Task_OpenCriminalCase` of `administrative-case`: a suspected crime goes to criminal filing review, linked both ways. */
import { z } from 'zod';
import { AdminCaseEntity } from '../cases/admin-case.entity.js';
import { NotFoundError } from '../errors.js';
import { defineWorker } from './define-worker.js';
import type { WorkerDeps } from './index.js';
import { TOPIC } from './topics.js';

/** Opens the criminal case of administrative case `caseId` (once); returns `criminalCaseId` and `criminalCaseNumber`. */
export const openCriminalCase = defineWorker({
  topic: TOPIC.openCriminalCase,
  input: z.object({ caseId: z.string(), establishedFacts: z.string().optional() }),
  async handle({ caseId, establishedFacts }, { licensing }: WorkerDeps, context) {
    const source = await licensing.dataSource.getRepository(AdminCaseEntity).findOneBy({ id: caseId });
    NotFoundError.assert(source, 'NOT_FOUND', `Case ${caseId} does not exist`);
    const personId = source.partyKind === 'person' && source.partyIdentifier ? { residentId: source.partyIdentifier } : {};
    const opened = await licensing.criminalCases.open({
      suspect: { name: source.partyName.slice(0, 64), ...personId },
      regionCode: source.regionCode,
      facts: `行政案件（${source.number}）移送：${establishedFacts ?? source.facts}`,
    }, { type: 'admin-case', id: source.id, reference: source.number }, `process:${context.processInstanceId}`);
    return { criminalCaseId: opened.id, criminalCaseNumber: opened.number };
  },
});
