/** Serves every "状态：…" step: records where an application stands and tells the applicant. */
import { z } from 'zod';
import { APPLICATION_STATUS_LABELS, ApplicationEntity, type ApplicationStatus } from '../licensing/application.entity.js';
import { recordStatus } from '../licensing/status-history.js';
import { defineWorker } from './define-worker.js';
import { applicationOf } from './licensing-support.js';
import type { WorkerDeps } from './index.js';
import { TOPIC } from './topics.js';

/** Statuses that end a procedure: every clock still running stops. */
const FINAL: ReadonlySet<string> = new Set(['not-accepted', 'refused', 'withdrawn', 'lapsed', 'recorded', 'registered']);

/** Statuses that are a decision on the application (its `decidedAt`). */
const DECISIONS: ReadonlySet<string> = new Set(['not-accepted', 'refused', 'recorded', 'granted']);

/** Sets the application's status to `status` with `note`, records it in the history and notifies the applicant, once per task. */
export const setApplicationStatus = defineWorker({
  topic: TOPIC.setApplicationStatus,
  input: z.object({
    applicationId: z.string(),
    status: z.enum(Object.keys(APPLICATION_STATUS_LABELS) as [ApplicationStatus, ...ApplicationStatus[]]),
    note: z.string().max(2000).optional(),
  }),
  async handle({ applicationId, status, note }, { licensing }: WorkerDeps, context) {
    const now = licensing.now();
    const app = await applicationOf(licensing.dataSource.manager, applicationId);
    // clocks first: whoever sees the final status also sees the clocks stopped
    if (FINAL.has(status)) await licensing.clocks.stop(context.processInstanceId, []);
    await licensing.dataSource.transaction(async (m) => {
      const first = await licensing.notifications.send({
        recipientType: 'user', recipient: app.applicantUserId, kind: status === 'correction-requested' ? 'correction' : 'status', title: `${app.title}：${APPLICATION_STATUS_LABELS[status]}`,
        body: `您的申请（${app.number ?? app.id}）状态为“${APPLICATION_STATUS_LABELS[status]}”。${note ? `说明：${note}` : ''}`,
        applicationId, subject: { kind: 'application', id: applicationId }, idempotencyKey: `status:${context.idempotencyKey}`,
      }, m);
      if (!first) return;
      await m.getRepository(ApplicationEntity).update({ id: applicationId }, {
        status, updatedAt: now, version: () => 'version + 1', ...(DECISIONS.has(status) ? { decidedAt: now } : {}),
      });
      await recordStatus(m, 'application', applicationId, status, 'system', now, note ?? null);
    });
    return {};
  },
});
