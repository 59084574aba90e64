/** Serves the extension steps (e.g. "延长提请批准逮捕期限"): an approved extension of a running clock. */
import { z } from 'zod';
import { defineWorker } from './define-worker.js';
import type { WorkerDeps } from './index.js';
import { TOPIC } from './topics.js';

/** Extends clock `clock` to `amount` counted from its start; returns its new `<clock>DueAt` and `<clock>WarnAt`. */
export const extendClock = defineWorker({
  topic: TOPIC.extendClock,
  input: z.object({ clock: z.string().regex(/^[a-z][A-Za-z]{0,40}$/), amount: z.coerce.number().int().positive().max(3650) }),
  async handle({ clock, amount }, { licensing }: WorkerDeps, context) {
    const { dueAt, warnAt } = await licensing.clocks.extend(context.processInstanceId, clock, amount);
    return { [`${clock}DueAt`]: dueAt, [`${clock}WarnAt`]: warnAt };
  },
});
