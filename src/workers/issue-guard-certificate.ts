/** Serves `Task_IssueCertificate`: numbers and registers the guard certificate of an approved applicant. */
import { randomUUID } from 'node:crypto';
import { z } from 'zod';
import { PersonEntity } from '../licensing/organisation.entity.js';
import { GuardCertificateEntity } from '../licensing/permit.entity.js';
import { recordStatus } from '../licensing/status-history.js';
import { defineWorker } from './define-worker.js';
import { applicationOf, cityOf } from './licensing-support.js';
import type { WorkerDeps } from './index.js';
import { TOPIC } from './topics.js';

/** Creates the certificate (and the person, once per resident ID) with the next certificate number; returns `certificateId` and `certificateNumber`. */
export const issueGuardCertificate = defineWorker({
  topic: TOPIC.issueGuardCertificate,
  input: z.object({ applicationId: z.string() }),
  async handle({ applicationId }, { licensing }: WorkerDeps) {
    const cert = await licensing.dataSource.transaction(async (m) => {
      const existing = await m.getRepository(GuardCertificateEntity).findOneBy({ applicationId });
      if (existing) return existing;
      const app = await applicationOf(m, applicationId);
      const city = cityOf(licensing.regions, app);
      const data = JSON.parse(app.data) as Record<string, unknown>;
      const residentId = String(data['residentId']).toUpperCase();
      const now = licensing.now();
      // the person was recorded on submission; a certificate of an older application still gets one
      let person = await m.getRepository(PersonEntity).findOneBy({ residentId });
      if (!person) {
        person = Object.assign(new PersonEntity(), { id: randomUUID(), residentId, name: app.title, phone: typeof data['phone'] === 'string' ? data['phone'] : null, createdAt: now, updatedAt: now });
        await m.getRepository(PersonEntity).insert(person);
      }
      const number = await licensing.numbers.next(m, 'guardCertificate', { at: now, city: city.name, cityCode: city.code, province: licensing.regions.table.province.name });
      const entity = Object.assign(new GuardCertificateEntity(), {
        id: randomUUID(), number, applicationId, personId: person.id, residentId, holderName: app.title, regionCode: app.regionCode,
        status: 'valid' as const, issuedAt: now, revokedAt: null, revocationReason: null,
      });
      await m.getRepository(GuardCertificateEntity).insert(entity);
      await recordStatus(m, 'guard-certificate', entity.id, 'valid', 'system', now, `保安员证号 ${number}`);
      return entity;
    });
    return { certificateId: cert.id, certificateNumber: cert.number };
  },
});
