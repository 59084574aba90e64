/** Serves the steps of `administrative-case` that record where the case stands and what was decided. */
import { z } from 'zod';
import { AdminCaseEntity } from '../cases/admin-case.entity.js';
import { NotFoundError } from '../errors.js';
import { defineWorker } from './define-worker.js';
import type { WorkerDeps } from './index.js';
import { TOPIC } from './topics.js';

/** Sets case `caseId` to `caseStatus`; on a decision records it with the penalty and fine; closing stops its clocks. */
export const updateCase = defineWorker({
  topic: TOPIC.updateCase,
  input: z.object({
    caseId: z.string(),
    caseStatus: z.enum(['notified', 'reviewing', 'decided', 'closed']),
    decision: z.enum(['penalty', 'no-penalty', 'transferred-criminal']).optional(),
    violationId: z.string().optional(),
    decisionPenalty: z.string().max(500).optional(),
    fineAmount: z.number().int().min(0).optional(),
  }),
  async handle(input, { licensing }: WorkerDeps, context) {
    const repo = licensing.dataSource.getRepository(AdminCaseEntity);
    const found = await repo.findOneBy({ id: input.caseId });
    NotFoundError.assert(found, 'NOT_FOUND', `Case ${input.caseId} does not exist`);
    const now = licensing.now();
    // clocks first: whoever sees the case closed also sees its clocks stopped
    if (input.caseStatus === 'closed') await licensing.clocks.stop(context.processInstanceId, []);
    await repo.update({ id: found.id }, {
      status: input.caseStatus,
      ...(input.violationId ? { violationId: input.violationId } : {}),
      ...(input.decision ? { decision: input.decision, decidedAt: now } : {}),
      ...(input.decision === 'penalty' ? { penalty: input.decisionPenalty ?? null, fineAmount: input.fineAmount ?? null } : {}),
      ...(input.caseStatus === 'closed' ? { closedAt: now } : {}),
    });
    return {};
  },
});
