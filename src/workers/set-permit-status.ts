/** Serves "许可证生效" and "许可证失效": the permit becomes active on business registration, or lapses after 6 months without it. */
import { z } from 'zod';
import { NotFoundError } from '../errors.js';
import { PermitEntity } from '../licensing/permit.entity.js';
import { recordStatus } from '../licensing/status-history.js';
import { defineWorker } from './define-worker.js';
import type { WorkerDeps } from './index.js';
import { TOPIC } from './topics.js';

/** Sets permit `permitId` to `permitStatus` (`active` with the reported `creditCode`, or `lapsed`). */
export const setPermitStatus = defineWorker({
  topic: TOPIC.setPermitStatus,
  input: z.object({ permitId: z.string(), permitStatus: z.enum(['active', 'lapsed']), creditCode: z.string().optional() }),
  async handle({ permitId, permitStatus, creditCode }, { licensing }: WorkerDeps) {
    await licensing.dataSource.transaction(async (m) => {
      const permit = await m.getRepository(PermitEntity).findOneBy({ id: permitId });
      NotFoundError.assert(permit, 'NOT_FOUND', `Permit ${permitId} does not exist`);
      if (permit.status === permitStatus) return;
      const now = licensing.now();
      await m.getRepository(PermitEntity).update({ id: permitId }, permitStatus === 'active'
        ? { status: 'active', registeredAt: now, creditCode: creditCode ?? null }
        : { status: 'lapsed', lapsedAt: now });
      await recordStatus(m, 'permit', permitId, permitStatus, 'system', now,
        permitStatus === 'active' ? `已办理工商登记${creditCode ? `，统一社会信用代码 ${creditCode}` : ''}` : '自取得许可证之日起6个月内未办理工商登记，许可证失效');
    });
    return {};
  },
});
