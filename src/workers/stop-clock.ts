/** Serves "停止…计时": a clock whose step is done stops and stays on record with its outcome (on time or late). */
import { z } from 'zod';
import { defineWorker } from './define-worker.js';
import type { WorkerDeps } from './index.js';
import { TOPIC } from './topics.js';

/** Stops clock `clock` of the process. */
export const stopClock = defineWorker({
  topic: TOPIC.stopClock,
  input: z.object({ clock: z.string().min(1) }),
  async handle({ clock }, { licensing }: WorkerDeps, context) {
    await licensing.clocks.stop(context.processInstanceId, [clock]);
    return {};
  },
});
