/** Serves the steps of `criminal-case` that record its status, the coercive measure in force and the outcome. */
import { z } from 'zod';
import { CriminalCaseEntity } from '../cases/criminal-case.entity.js';
import { NotFoundError } from '../errors.js';
import { defineWorker } from './define-worker.js';
import type { WorkerDeps } from './index.js';
import { TOPIC } from './topics.js';

/** Sets criminal case `caseId` to `caseStatus` with the coercive measure in force (`measureInForce`) and the `outcome`; closing stops its clocks. */
export const updateCriminalCase = defineWorker({
  topic: TOPIC.updateCriminalCase,
  input: z.object({
    caseId: z.string(),
    caseStatus: z.enum(['filed', 'detained', 'arrest-requested', 'arrested', 'released', 'on-bail', 'under-surveillance', 'prosecution-review', 'supplementary-investigation', 'withdrawn', 'closed']),
    /** Named apart from the `measure` the officer chose in the measure form, which the process also holds. */
    measureInForce: z.string().max(32).optional(),
    outcome: z.enum(['not-filed', 'prosecuted', 'not-prosecuted', 'withdrawn']).optional(),
  }),
  async handle(input, { licensing }: WorkerDeps, context) {
    const repo = licensing.dataSource.getRepository(CriminalCaseEntity);
    const found = await repo.findOneBy({ id: input.caseId });
    NotFoundError.assert(found, 'NOT_FOUND', `Criminal case ${input.caseId} does not exist`);
    const closes = input.caseStatus === 'closed';
    // clocks first: whoever sees the case closed also sees its clocks stopped
    if (closes) await licensing.clocks.stop(context.processInstanceId, []);
    await repo.update({ id: found.id }, {
      status: input.caseStatus,
      ...(input.measureInForce ? { measure: input.measureInForce } : {}),
      ...(input.outcome ? { outcome: input.outcome } : {}),
      ...(closes ? { closedAt: licensing.now() } : {}),
    });
    return {};
  },
});
