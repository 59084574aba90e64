/** Serves `Task_RevokeCertificate` of the revocation procedure: the certificate is revoked and the bar of Art 17 starts. */
import { z } from 'zod';
import { NotFoundError } from '../errors.js';
import { GuardCertificateEntity } from '../licensing/permit.entity.js';
import { recordRevocationOutcome } from '../licensing/revocations.js';
import { recordStatus } from '../licensing/status-history.js';
import { defineWorker } from './define-worker.js';
import type { WorkerDeps } from './index.js';
import { TOPIC } from './topics.js';

/** Revokes certificate `certificateId` with `revocationReason`, and records the proposal as revoked; revoking twice changes nothing. */
export const revokeGuardCertificate = defineWorker({
  topic: TOPIC.revokeGuardCertificate,
  input: z.object({ certificateId: z.string(), revocationReason: z.string().min(1).max(1000) }),
  async handle({ certificateId, revocationReason }, { licensing }: WorkerDeps, context) {
    await licensing.dataSource.transaction(async (m) => {
      const cert = await m.getRepository(GuardCertificateEntity).findOneBy({ id: certificateId });
      NotFoundError.assert(cert, 'NOT_FOUND', `Guard certificate ${certificateId} does not exist`);
      const now = licensing.now();
      await recordRevocationOutcome(m, context.processInstanceId, 'revoke', revocationReason, now);
      if (cert.status === 'revoked') return;
      await m.getRepository(GuardCertificateEntity).update({ id: certificateId }, { status: 'revoked', revokedAt: now, revocationReason });
      await recordStatus(m, 'guard-certificate', certificateId, 'revoked', 'system', now, revocationReason);
    });
    return {};
  },
});
