/** Serves `Task_IssueRectificationOrder` of `inspection`: the 责令整改通知书 with the findings and the deadline. */
import { z } from 'zod';
import { NotFoundError } from '../errors.js';
import { InspectionEntity } from '../inspections/inspection.entity.js';
import { localDate } from '../licensing/document-data.js';
import { defineWorker } from './define-worker.js';
import type { WorkerDeps } from './index.js';
import { TOPIC } from './topics.js';

/** Issues the rectification order of inspection `inspectionId`, once per task; returns `documentNumber`. */
export const issueRectificationOrder = defineWorker({
  topic: TOPIC.issueRectificationOrder,
  input: z.object({ inspectionId: z.string(), findingsText: z.string().min(1), inspectedDate: z.string(), rectificationDueAt: z.union([z.date(), z.string()]) }),
  async handle(input, { licensing }: WorkerDeps, context) {
    const inspection = await licensing.dataSource.getRepository(InspectionEntity).findOneBy({ id: input.inspectionId });
    NotFoundError.assert(inspection, 'NOT_FOUND', `Inspection ${input.inspectionId} does not exist`);
    const city = licensing.regions.cityOf(inspection.regionCode);
    NotFoundError.assert(city, 'NOT_FOUND', `Region ${inspection.regionCode} is not in this province`);
    const doc = await licensing.documents.issue({
      type: 'rectification-order',
      data: {
        unitName: inspection.unitName, ...(inspection.unitCreditCode ? { creditCode: inspection.unitCreditCode } : {}), inspectionNumber: inspection.number,
        inspectedDate: input.inspectedDate, findings: input.findingsText.split(/\r?\n/).map((l) => l.trim()).filter(Boolean),
        legalBasis: '《保安服务管理条例》第三十八条、第四十二条', rectificationDueDate: localDate(new Date(input.rectificationDueAt)),
      },
      holderName: inspection.unitName, applicationId: null, processInstanceId: context.processInstanceId, notifyUserId: null,
      city, byProvince: false, idempotencyKey: `document:${context.idempotencyKey}`,
    });
    return { documentNumber: doc.number };
  },
});
