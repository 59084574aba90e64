/** Serves the referral steps of `tip-verification` and `inspection`: the administrative case they lead to is opened and linked both ways. */
import { z } from 'zod';
import { NotFoundError } from '../errors.js';
import { InspectionEntity } from '../inspections/inspection.entity.js';
import { TipEntity } from '../tips/tip.entity.js';
import { defineWorker } from './define-worker.js';
import type { WorkerDeps } from './index.js';
import { TOPIC } from './topics.js';

/**
 * Opens the administrative case of tip `tipId` or inspection `inspectionId` — the party and facts taken from the
 * source, the source's number as its reference — once per source; returns `caseId` and `caseNumber`.
 */
export const openCase = defineWorker({
  topic: TOPIC.openCase,
  input: z.object({
    sourceType: z.enum(['tip', 'inspection']),
    tipId: z.string().optional(),
    inspectionId: z.string().optional(),
    verificationFindings: z.string().optional(),
    findingsText: z.string().optional(),
    reinspectionFindings: z.string().optional(),
  }),
  async handle(input, { licensing }: WorkerDeps, context) {
    const manager = licensing.dataSource.manager;
    if (input.sourceType === 'tip') {
      const tip = await manager.getRepository(TipEntity).findOneBy({ id: input.tipId ?? '' });
      NotFoundError.assert(tip, 'NOT_FOUND', `Tip ${input.tipId ?? ''} does not exist`);
      const opened = await licensing.cases.open({
        party: { kind: tip.subjectCreditCode ? 'unit' : 'person', name: tip.subjectName, ...(tip.subjectCreditCode ? { identifier: tip.subjectCreditCode } : {}) },
        regionCode: tip.regionCode,
        facts: [`投诉举报（${tip.trackingCode}）：${tip.facts}`, input.verificationFindings ? `核查情况：${input.verificationFindings}` : ''].filter(Boolean).join('\n'),
      }, { type: 'tip', id: tip.id, reference: tip.trackingCode }, `process:${context.processInstanceId}`);
      return { caseId: opened.id, caseNumber: opened.number };
    }
    const inspection = await manager.getRepository(InspectionEntity).findOneBy({ id: input.inspectionId ?? '' });
    NotFoundError.assert(inspection, 'NOT_FOUND', `Inspection ${input.inspectionId ?? ''} does not exist`);
    const opened = await licensing.cases.open({
      party: { kind: 'unit', name: inspection.unitName, ...(inspection.unitCreditCode ? { identifier: inspection.unitCreditCode } : {}) },
      regionCode: inspection.regionCode,
      facts: [`监督检查（${inspection.number}）发现：${input.findingsText ?? ''}`, input.reinspectionFindings ? `复查情况：${input.reinspectionFindings}` : ''].filter(Boolean).join('\n'),
    }, { type: 'inspection', id: inspection.id, reference: inspection.number }, `process:${context.processInstanceId}`);
    return { caseId: opened.id, caseNumber: opened.number };
  },
});
