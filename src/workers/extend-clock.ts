/** Serves the extension steps (e.g. "延长提请批准逮捕期限", "延长侦查羁押期限"): an approved extension of a running clock. */
import { z } from 'zod';
import { defineWorker } from './define-worker.js';
import type { WorkerDeps } from './index.js';
import { TOPIC } from './topics.js';
import { bilingual } from '../language.js';

const length = z.coerce.number().int().positive().max(3650);

/**
 * Extends clock `clock` either to `amount` counted from its start (the arrest request to 7 or 30 days after
 * detention) or by `by` counted from its current last day (custody +1, +2, +2 months); returns its new
 * `<clock>DueAt` and `<clock>WarnAt`.
 */
export const extendClock = defineWorker({
  topic: TOPIC.extendClock,
  input: z.object({ clock: z.string().regex(/^[a-z][A-Za-z]{0,40}$/), amount: length.optional(), by: length.optional() })
    .refine((v) => (v.amount === undefined) !== (v.by === undefined), { error: bilingual('exactly one of amount and by must be given', 'amount 与 by 须且只能填写其一') }),
  async handle({ clock, amount, by }, { licensing }: WorkerDeps, context) {
    const { dueAt, warnAt } = by !== undefined
      ? await licensing.clocks.extendBy(context.processInstanceId, clock, by)
      : await licensing.clocks.extend(context.processInstanceId, clock, amount ?? 0);
    return { [`${clock}DueAt`]: dueAt, [`${clock}WarnAt`]: warnAt };
  },
});
