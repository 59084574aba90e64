/** Serves "审核计时恢复": resumes a paused clock with its due date moved by the paused time. */
import { z } from 'zod';
import { defineWorker } from './define-worker.js';
import type { WorkerDeps } from './index.js';
import { TOPIC } from './topics.js';

/** Resumes clock `clock` and returns its new `<clock>DueAt` and `<clock>WarnAt`. */
export const resumeClock = defineWorker({
  topic: TOPIC.resumeClock,
  input: z.object({ clock: z.string().regex(/^[a-z][A-Za-z]{0,40}$/) }),
  async handle({ clock }, { licensing }: WorkerDeps, context) {
    const { dueAt, warnAt } = await licensing.clocks.resume(context.processInstanceId, clock);
    return { [`${clock}DueAt`]: dueAt, [`${clock}WarnAt`]: warnAt };
  },
});
