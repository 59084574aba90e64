/** Serves "审核计时暂停": time spent on an on-site check, hearing or expert review does not count (行政许可法 Art 45). */
import { z } from 'zod';
import { defineWorker } from './define-worker.js';
import type { WorkerDeps } from './index.js';
import { TOPIC } from './topics.js';

/** Pauses clock `clock` of the process. */
export const pauseClock = defineWorker({
  topic: TOPIC.pauseClock,
  input: z.object({ clock: z.string().min(1), reason: z.string().optional() }),
  async handle({ clock }, { licensing }: WorkerDeps, context) {
    await licensing.clocks.pause(context.processInstanceId, clock);
    return {};
  },
});
