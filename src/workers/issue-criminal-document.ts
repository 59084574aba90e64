/**
 * Serves the "出具…" steps of `criminal-case`: 受案回执, 立案决定书, 不予立案通知书, 提请批准逮捕书, 起诉意见书 and
 * 撤销案件决定书.
 */
import { z } from 'zod';
import { CriminalCaseEntity } from '../cases/criminal-case.entity.js';
import { WITHDRAWAL_GROUNDS, formatNumericChineseDate } from '../documents/index.js';
import { NotFoundError } from '../errors.js';
import type { ClockView } from '../licensing/clock-service.js';
import { localDate } from '../licensing/document-data.js';
import { defineWorker } from './define-worker.js';
import type { WorkerDeps } from './index.js';
import { TOPIC } from './topics.js';

/** Issues the criminal-track document `documentType` of case `caseId`, once per task; returns `documentNumber`. */
export const issueCriminalDocument = defineWorker({
  topic: TOPIC.issueCriminalDocument,
  input: z.object({
    caseId: z.string(),
    documentType: z.enum(['case-acceptance-receipt', 'filing-decision', 'non-filing-notice', 'arrest-request', 'prosecution-recommendation', 'withdrawal-decision']),
    reporterName: z.string().optional(),
    filingReason: z.string().optional(),
    accuserName: z.string().optional(),
    procuratorate: z.string().optional(),
    charge: z.string().optional(),
    establishedFacts: z.string().optional(),
    evidenceList: z.string().optional(),
    withdrawGround: z.enum(WITHDRAWAL_GROUNDS).optional(),
    endReason: z.string().optional(),
  }),
  async handle(input, { licensing }: WorkerDeps, context) {
    const found = await licensing.dataSource.getRepository(CriminalCaseEntity).findOneBy({ id: input.caseId });
    NotFoundError.assert(found, 'NOT_FOUND', `Criminal case ${input.caseId} does not exist`);
    const city = licensing.regions.cityOf(found.regionCode);
    NotFoundError.assert(city, 'NOT_FOUND', `Region ${found.regionCode} is not in this province`);
    const clocks = await licensing.clocks.ofProcess(context.processInstanceId);
    const facts = lines(found.facts);
    const base = { suspectName: found.suspectName, caseNumber: found.number };
    const residentId = found.suspectResidentId ? { suspectResidentId: found.suspectResidentId } : {};
    let data: Record<string, unknown>;
    let holderName = found.suspectName;
    switch (input.documentType) {
      case 'case-acceptance-receipt':
        data = {
          caseKind: 'criminal', caseNumber: found.number, matter: `${found.suspectName}涉嫌犯罪`, acceptedDate: localDate(found.createdAt),
          ...(input.reporterName ? { reporterName: input.reporterName } : {}),
          ...(found.sourceType === 'admin-case' && found.sourceReference ? { source: `行政案件（${found.sourceReference}）移送` } : {}),
        };
        holderName = input.reporterName ?? found.suspectName;
        break;
      case 'filing-decision':
        data = { ...base, facts };
        break;
      case 'non-filing-notice':
        data = { ...base, accuserName: input.accuserName ?? '', reasons: [input.filingReason ?? ''] };
        holderName = input.accuserName ?? found.suspectName;
        break;
      case 'arrest-request': {
        const detention = clocks.find((c) => c.name === 'detention');
        data = { ...base, procuratorate: input.procuratorate ?? '', ...residentId, detainedOn: localDate(detention?.startedAt ?? found.createdAt), facts };
        break;
      }
      case 'prosecution-recommendation': {
        const measure = measureInForce(found.measure, clocks);
        data = {
          ...base, procuratorate: input.procuratorate ?? '', ...residentId, ...(measure ? { measure } : {}), charge: input.charge ?? '',
          facts: input.establishedFacts ? lines(input.establishedFacts) : facts,
          ...(input.evidenceList ? { evidence: lines(input.evidenceList) } : {}),
        };
        break;
      }
      case 'withdrawal-decision': {
        const release = releaseOf(found.measure, found.suspectName);
        data = { ...base, ground: input.withdrawGround ?? 'other', reasons: lines(input.endReason ?? ''), ...(release ? { releaseStatement: release } : {}) };
        break;
      }
    }
    const doc = await licensing.documents.issue({
      type: input.documentType, data, holderName, applicationId: null, processInstanceId: context.processInstanceId, notifyUserId: null, city, byProvince: false,
      idempotencyKey: `document:${context.idempotencyKey}`,
    });
    return { documentNumber: doc.number };
  },
});

// helpers ////

function lines(value: string): string[] {
  return value.split(/\r?\n/).map((l) => l.trim()).filter(Boolean);
}

/** How the coercive measure in force is stated in a recommendation to prosecute, from the clock it started. */
function measureInForce(measure: string | null, clocks: ClockView[]): string | undefined {
  const since = (name: string) => {
    const clock = clocks.filter((c) => c.name === name).at(-1);
    return clock ? `于${formatNumericChineseDate(localDate(clock.startedAt))}` : '';
  };
  if (measure === 'arrest') return `${since('custody')}被依法逮捕`;
  if (measure === 'bail') return `${since('measure')}被依法取保候审`;
  if (measure === 'surveillance') return `${since('measure')}被依法监视居住`;
  return undefined;
}

/** What a withdrawal lifts for the measure in force. */
function releaseOf(measure: string | null, suspectName: string): string | undefined {
  if (measure === 'arrest' || measure === 'detention') return `对犯罪嫌疑人${suspectName}立即释放，发给释放证明书。`;
  if (measure === 'bail') return `解除对犯罪嫌疑人${suspectName}的取保候审。`;
  if (measure === 'surveillance') return `解除对犯罪嫌疑人${suspectName}的监视居住。`;
  return undefined;
}

