/** Serves `Task_RecordNotRevoked` of the revocation procedure: the proposal is recorded as not revoked, with the leader's decision. */
import { z } from 'zod';
import { recordRevocationOutcome } from '../licensing/revocations.js';
import { defineWorker } from './define-worker.js';
import type { WorkerDeps } from './index.js';
import { TOPIC } from './topics.js';

/** Records the proposal of this revocation procedure as ended without revocation (训诫 or 不予处理), with `revocationReason`. */
export const updateRevocation = defineWorker({
  topic: TOPIC.updateRevocation,
  input: z.object({ revocationDecision: z.enum(['admonish', 'dismiss']), revocationReason: z.string().max(2000).optional() }),
  async handle({ revocationDecision, revocationReason }, { licensing }: WorkerDeps, context) {
    await licensing.dataSource.transaction((m) => recordRevocationOutcome(m, context.processInstanceId, revocationDecision, revocationReason ?? null, licensing.now()));
    return {};
  },
});
