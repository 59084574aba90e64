/** Serves `Task_IssuePermit`: numbers and registers the Security Service Permit of a granted application. */
import { randomUUID } from 'node:crypto';
import { z } from 'zod';
import { PermitEntity } from '../licensing/permit.entity.js';
import { recordStatus } from '../licensing/status-history.js';
import { defineWorker } from './define-worker.js';
import { applicationOf, cityOf } from './licensing-support.js';
import type { WorkerDeps } from './index.js';
import { TOPIC } from './topics.js';

/**
 * Creates the permit with the next permit number, in one transaction with the number, so that numbers have no
 * gaps; a second delivery of the task returns the permit already created. Returns `permitId` and `permitNumber`.
 */
export const issuePermit = defineWorker({
  topic: TOPIC.issuePermit,
  input: z.object({ applicationId: z.string() }),
  async handle({ applicationId }, { licensing }: WorkerDeps) {
    const permit = await licensing.dataSource.transaction(async (m) => {
      const existing = await m.getRepository(PermitEntity).findOneBy({ applicationId });
      if (existing) return existing;
      const app = await applicationOf(m, applicationId);
      const city = cityOf(licensing.regions, app);
      const data = JSON.parse(app.data) as Record<string, unknown>;
      const now = licensing.now();
      const number = await licensing.numbers.next(m, 'permit', { at: now, city: city.name, cityCode: city.code, province: licensing.regions.table.province.name });
      const entity = Object.assign(new PermitEntity(), {
        id: randomUUID(), number, applicationId, organisationId: app.organisationId, holderName: app.title, regionCode: app.regionCode,
        services: JSON.stringify(data['services'] ?? []), armed: data['armedEscort'] === true ? 1 : 0, status: 'issued' as const,
        issuedAt: now, registrationDueAt: null, registeredAt: null, lapsedAt: null, creditCode: null,
      });
      await m.getRepository(PermitEntity).insert(entity);
      await recordStatus(m, 'permit', entity.id, 'issued', 'system', now, `许可证号 ${number}`);
      return entity;
    });
    return { permitId: permit.id, permitNumber: permit.number };
  },
});
