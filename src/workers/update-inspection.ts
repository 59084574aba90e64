/** Serves the steps of `inspection` that record its findings, the rectification deadline and how it ended. */
import { z } from 'zod';
import { NotFoundError } from '../errors.js';
import { InspectionEntity } from '../inspections/inspection.entity.js';
import { defineWorker } from './define-worker.js';
import type { WorkerDeps } from './index.js';
import { TOPIC } from './topics.js';

/**
 * Sets inspection `inspectionId` to `inspectionStatus` with its `result`, the findings of the inspection form
 * (`findingsText`, one per line) and the rectification deadline; closing it stops its clocks.
 */
export const updateInspection = defineWorker({
  topic: TOPIC.updateInspection,
  input: z.object({
    inspectionId: z.string(),
    inspectionStatus: z.enum(['rectifying', 'closed']),
    result: z.enum(['compliant', 'rectified', 'case-referred']).optional(),
    findingsText: z.string().max(4000).optional(),
    inspectedDate: z.string().optional(),
    rectificationDueAt: z.union([z.date(), z.string()]).optional(),
  }),
  async handle(input, { licensing }: WorkerDeps, context) {
    const repo = licensing.dataSource.getRepository(InspectionEntity);
    const inspection = await repo.findOneBy({ id: input.inspectionId });
    NotFoundError.assert(inspection, 'NOT_FOUND', `Inspection ${input.inspectionId} does not exist`);
    const now = licensing.now();
    const closes = input.inspectionStatus === 'closed';
    // clocks first: whoever sees the inspection closed also sees its clocks stopped
    if (closes) await licensing.clocks.stop(context.processInstanceId, []);
    await repo.update({ id: inspection.id }, {
      status: input.inspectionStatus,
      ...(input.result ? { result: input.result } : {}),
      ...(input.findingsText !== undefined && inspection.findings === null ? { findings: JSON.stringify(linesOf(input.findingsText)) } : {}),
      ...(input.inspectedDate && inspection.inspectedAt === null ? { inspectedAt: new Date(`${input.inspectedDate}T00:00:00+08:00`) } : {}),
      ...(input.rectificationDueAt ? { rectificationDueAt: new Date(input.rectificationDueAt) } : {}),
      ...(closes ? { closedAt: now } : {}),
    });
    return {};
  },
});

// helpers ////

function linesOf(text: string): string[] {
  return text.split(/\r?\n/).map((l) => l.trim()).filter(Boolean);
}
