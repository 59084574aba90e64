/** Serves the warning and escalation steps of the statutory clocks: a message to the responsible group's inbox. */
import { z } from 'zod';
import { localDate } from '../licensing/document-data.js';
import { TipEntity } from '../tips/tip.entity.js';
import { defineWorker } from './define-worker.js';
import { applicationOf } from './licensing-support.js';
import type { WorkerDeps } from './index.js';
import { TOPIC } from './topics.js';

/**
 * Puts a `warning` (before the due date) or an `escalation` (after it) about clock `clock` into the inbox of
 * group `audience`, or of the applicant when `audience` is `applicant`. The process is an application's
 * (`applicationId`) or a tip's (`tipId`).
 */
export const notify = defineWorker({
  topic: TOPIC.notify,
  input: z.object({
    applicationId: z.string().optional(),
    tipId: z.string().optional(),
    audience: z.string().min(1).max(128),
    kind: z.enum(['warning', 'escalation', 'status']),
    clock: z.string().optional(),
  }),
  async handle(input, { licensing }: WorkerDeps, context) {
    const manager = licensing.dataSource.manager;
    const app = input.applicationId ? await applicationOf(manager, input.applicationId) : null;
    const tip = !app && input.tipId ? await manager.getRepository(TipEntity).findOneBy({ id: input.tipId }) : null;
    const subject = app ? `${app.title}（${app.number ?? app.id}）` : tip ? `投诉举报线索（${tip.trackingCode}）` : `流程 ${context.businessKey ?? context.processInstanceId}`;
    const clock = input.clock ? (await licensing.clocks.ofProcess(context.processInstanceId)).filter((c) => c.name === input.clock).at(-1) : undefined;
    const due = clock ? `${clock.ruleName}期限为${localDate(clock.dueAt)}` : '';
    const [title, body] =
      input.kind === 'warning'
        ? [`临期预警：${subject}`, `${subject}即将到期：${due}，请及时办理。`]
        : input.kind === 'escalation'
          ? [`超期督办：${subject}`, `${subject}已超过期限：${due}，请立即办理并说明原因。`]
          : [`办理进度：${subject}`, `${subject}有新的办理进度。`];
    const toApplicant = input.audience === 'applicant' && app !== null;
    // the applicant opens the application; officers the case file of the process the clock runs in
    await licensing.notifications.send({
      recipientType: toApplicant ? 'user' : 'group', recipient: toApplicant ? app.applicantUserId : input.audience, kind: input.kind,
      title, body, applicationId: app?.id ?? null,
      subject: toApplicant ? { kind: 'application', id: app.id } : { kind: 'case-file', id: context.processInstanceId },
      idempotencyKey: `notify:${context.idempotencyKey}`,
    });
    return {};
  },
});
