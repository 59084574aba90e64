/** Serves the background-check steps: every named person against the records register. */
import { z } from 'zod';
import { localDate } from '../licensing/document-data.js';
import { GuardCertificateEntity } from '../licensing/permit.entity.js';
import { defineWorker } from './define-worker.js';
import { applicationOf } from './licensing-support.js';
import type { WorkerDeps } from './index.js';
import { TOPIC } from './topics.js';
import { asRecord, asRecords, asText } from '../licensing/values.js';

/**
 * Screens the people an application names — for `company-manager` the proposed legal representative and main
 * managers, for `guard` the guards of a filing's roster or the applicant for a certificate — and returns
 * `screeningResult` (`clear`, `review` or `hit`) and `screeningFindings` (each person with the records found and
 * the bar they meet) for the reviewer.
 */
export const screenBackground = defineWorker({
  topic: TOPIC.screenBackground,
  input: z.object({ applicationId: z.string(), purpose: z.enum(['company-manager', 'guard', 'armed-guard']) }),
  async handle({ applicationId, purpose }, { licensing }: WorkerDeps) {
    const manager = licensing.dataSource.manager;
    const app = await applicationOf(manager, applicationId);
    const data = JSON.parse(app.data) as Record<string, unknown>;
    const people = purpose === 'company-manager' ? managersOf(data)
      : Array.isArray(data['guards']) ? asRecords(data['guards']).map((g) => ({ role: '保安员', name: asText(g['name']), residentId: asText(g['residentId']) }))
        : [{ role: '申请人', name: asText(data['name']), residentId: asText(data['residentId']) }];
    const result = await licensing.records.screenPeople(people, purpose, {
      today: localDate(licensing.now()),
      extraRevocations: async (residentId: string) =>
        (await manager.getRepository(GuardCertificateEntity).findBy({ residentId, status: 'revoked' }))
          .filter((c) => c.revokedAt !== null)
          .map((c) => ({ revokedOn: localDate(c.revokedAt as Date) })),
    });
    return { screeningResult: result.result, screeningFindings: result.people };
  },
});

// helpers ////

function managersOf(data: Record<string, unknown>): Array<{ role: string; name: string; residentId: string }> {
  const people: Array<{ role: string; name: string; residentId: string }> = [];
  const rep = asRecord(data['legalRepresentative']);
  if (rep['name'] !== undefined) people.push({ role: '法定代表人', name: asText(rep['name']), residentId: asText(rep['residentId']) });
  const roles: Record<string, string> = { 'general-manager': '总经理', 'deputy-general-manager': '副总经理', 'other-manager': '主要管理人员' };
  for (const m of asRecords(data['managers'])) {
    people.push({ role: roles[asText(m['role'])] ?? '主要管理人员', name: asText(m['name']), residentId: asText(m['residentId']) });
  }
  return people;
}
