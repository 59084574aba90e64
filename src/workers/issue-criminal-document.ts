/** Serves the "出具…" steps of `criminal-case`: 立案决定书, 不予立案通知书 and 提请批准逮捕书. */
import { z } from 'zod';
import { CriminalCaseEntity } from '../cases/criminal-case.entity.js';
import { NotFoundError } from '../errors.js';
import { localDate } from '../licensing/document-data.js';
import { defineWorker } from './define-worker.js';
import type { WorkerDeps } from './index.js';
import { TOPIC } from './topics.js';

/** Issues the criminal-track document `documentType` of case `caseId`, once per task; returns `documentNumber`. */
export const issueCriminalDocument = defineWorker({
  topic: TOPIC.issueCriminalDocument,
  input: z.object({
    caseId: z.string(),
    documentType: z.enum(['filing-decision', 'non-filing-notice', 'arrest-request']),
    filingReason: z.string().optional(),
    accuserName: z.string().optional(),
    procuratorate: z.string().optional(),
  }),
  async handle(input, { licensing }: WorkerDeps, context) {
    const found = await licensing.dataSource.getRepository(CriminalCaseEntity).findOneBy({ id: input.caseId });
    NotFoundError.assert(found, 'NOT_FOUND', `Criminal case ${input.caseId} does not exist`);
    const city = licensing.regions.cityOf(found.regionCode);
    NotFoundError.assert(city, 'NOT_FOUND', `Region ${found.regionCode} is not in this province`);
    const facts = found.facts.split(/\r?\n/).map((l) => l.trim()).filter(Boolean);
    const base = { suspectName: found.suspectName, caseNumber: found.number };
    let data: Record<string, unknown>;
    if (input.documentType === 'filing-decision') data = { ...base, facts };
    else if (input.documentType === 'non-filing-notice') data = { ...base, accuserName: input.accuserName ?? '', reasons: [input.filingReason ?? ''] };
    else {
      const detention = (await licensing.clocks.ofProcess(context.processInstanceId)).find((c) => c.name === 'detention');
      data = {
        ...base, procuratorate: input.procuratorate ?? '', ...(found.suspectResidentId ? { suspectResidentId: found.suspectResidentId } : {}),
        detainedOn: localDate(detention?.startedAt ?? found.createdAt), facts,
      };
    }
    const doc = await licensing.documents.issue({
      type: input.documentType, data, holderName: input.documentType === 'non-filing-notice' ? (input.accuserName ?? found.suspectName) : found.suspectName,
      applicationId: null, processInstanceId: context.processInstanceId, notifyUserId: null, city, byProvince: false,
      idempotencyKey: `document:${context.idempotencyKey}`,
    });
    return { documentNumber: doc.number };
  },
});
