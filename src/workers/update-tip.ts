/** Serves the steps of `tip-verification` that record where a tip stands, its outcome and the feedback to the complainant. */
import { z } from 'zod';
import { NotFoundError } from '../errors.js';
import { TipEntity } from '../tips/tip.entity.js';
import { defineWorker } from './define-worker.js';
import type { WorkerDeps } from './index.js';
import { TOPIC } from './topics.js';

/**
 * Sets tip `tipId` to `tipStatus` with the `outcome`, the `feedback` the complainant will read and the group that
 * verifies it; closing or transferring a tip stops its clocks.
 */
export const updateTip = defineWorker({
  topic: TOPIC.updateTip,
  input: z.object({
    tipId: z.string(),
    tipStatus: z.enum(['verifying', 'closed', 'transferred']),
    outcome: z.enum(['duplicate', 'not-police', 'transferred', 'unfounded', 'rectification', 'administrative-case', 'criminal-case', 'other-authority']).optional(),
    feedback: z.string().max(2000).optional(),
    assignedGroup: z.string().max(128).optional(),
  }),
  async handle(input, { licensing }: WorkerDeps, context) {
    const repo = licensing.dataSource.getRepository(TipEntity);
    const tip = await repo.findOneBy({ id: input.tipId });
    NotFoundError.assert(tip, 'NOT_FOUND', `Tip ${input.tipId} does not exist`);
    const now = licensing.now();
    const ends = input.tipStatus !== 'verifying';
    // clocks first: whoever sees the tip closed also sees its clocks stopped
    if (ends) await licensing.clocks.stop(context.processInstanceId, []);
    await repo.update({ id: tip.id }, {
      status: input.tipStatus, updatedAt: now,
      ...(input.outcome ? { outcome: input.outcome } : {}),
      ...(input.feedback ? { feedback: input.feedback } : {}),
      ...(input.assignedGroup ? { assignedGroup: input.assignedGroup } : {}),
      ...(ends ? { closedAt: now } : {}),
    });
    return {};
  },
});
