/** Serves every "开始…计时" step: starts a statutory clock and hands its due and warning dates to the model's timers. */
import { z } from 'zod';
import { defineWorker } from './define-worker.js';
import type { WorkerDeps } from './index.js';
import { TOPIC } from './topics.js';

/**
 * Starts clock `clock` by rule `rule` (restarting it if it ran before) and returns `<clock>DueAt` and
 * `<clock>WarnAt`; stops the clocks named in `stopClocks` (comma-separated) first.
 */
export const startClock = defineWorker({
  topic: TOPIC.startClock,
  input: z.object({
    applicationId: z.string().optional(),
    clock: z.string().regex(/^[a-z][A-Za-z]{0,40}$/),
    rule: z.string().min(1).max(16),
    responsibleGroup: z.string().max(128).optional(),
    stopClocks: z.string().optional(),
    amount: z.number().int().positive().max(3650).optional(),
  }),
  async handle(input, { licensing }: WorkerDeps, context) {
    const stops = (input.stopClocks ?? '').split(',').map((s) => s.trim()).filter(Boolean);
    if (stops.length) await licensing.clocks.stop(context.processInstanceId, stops);
    const { dueAt, warnAt } = await licensing.clocks.start(
      { processInstanceId: context.processInstanceId, applicationId: input.applicationId ?? null }, input.clock, input.rule, input.responsibleGroup ?? null, input.amount,
    );
    return { [`${input.clock}DueAt`]: dueAt, [`${input.clock}WarnAt`]: warnAt };
  },
});
