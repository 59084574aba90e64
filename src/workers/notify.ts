/** Serves the warning and escalation steps of the statutory clocks: a message to the responsible group's inbox. */
import { z } from 'zod';
import { localDate } from '../licensing/document-data.js';
import { defineWorker } from './define-worker.js';
import { applicationOf } from './licensing-support.js';
import type { WorkerDeps } from './index.js';
import { TOPIC } from './topics.js';

/**
 * Puts a `warning` (before the due date) or an `escalation` (after it) about clock `clock` into the inbox of
 * group `audience`, or of the applicant when `audience` is `applicant`.
 */
export const notify = defineWorker({
  topic: TOPIC.notify,
  input: z.object({
    applicationId: z.string(),
    audience: z.string().min(1).max(128),
    kind: z.enum(['warning', 'escalation', 'status']),
    clock: z.string().optional(),
  }),
  async handle(input, { licensing }: WorkerDeps, context) {
    const app = await applicationOf(licensing.dataSource.manager, input.applicationId);
    const clock = input.clock ? (await licensing.clocks.ofApplication(app.id)).filter((c) => c.name === input.clock).at(-1) : undefined;
    const due = clock ? `${clock.ruleName}期限为${localDate(clock.dueAt)}` : '';
    const subject = `${app.title}（${app.number ?? app.id}）`;
    const [title, body] =
      input.kind === 'warning'
        ? [`临期预警：${subject}`, `${subject}即将到期：${due}，请及时办理。`]
        : input.kind === 'escalation'
          ? [`超期督办：${subject}`, `${subject}已超过法定期限：${due}，请立即办理并说明原因。`]
          : [`办理进度：${subject}`, `${subject}有新的办理进度。`];
    const toApplicant = input.audience === 'applicant';
    await licensing.notifications.send({
      recipientType: toApplicant ? 'user' : 'group', recipient: toApplicant ? app.applicantUserId : input.audience, kind: input.kind,
      title, body, applicationId: app.id, idempotencyKey: `notify:${context.idempotencyKey}`,
    });
    return {};
  },
});
