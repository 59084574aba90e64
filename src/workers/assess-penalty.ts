/** Serves `Task_AssessPenalty` of `administrative-case`: whether the proposed penalty carries a right to a hearing and needs collective discussion. */
import { z } from 'zod';
import { HEARING_THRESHOLDS, PENALTY_CATALOGUE } from '../cases/penalty-catalogue.js';
import { defineWorker } from './define-worker.js';
import { TOPIC } from './topics.js';

/** Days the party has to state, defend and request a hearing (行政处罚法 Art 64: 5 days). */
export const STATEMENT_DAYS = 5;

/**
 * From the proposed fine and the party: `hearingRight` (units from 10 000 yuan, persons from 2 000 —
 * 公安机关办理行政案件程序规定第一百二十三条) and `collectiveDiscussion` (serious cases: a fine in the article's
 * range for serious circumstances, 行政处罚法 Art 57); `statementDays`; and `fineOutOfRange` when the fine is outside
 * the article's range, for the legal review to see — which since the server refuses a fine above the range
 * (`CaseService.checkTaskSubmission`) means a mitigated fine below it (减轻处罚, 行政处罚法第三十二条).
 */
export const assessPenalty = defineWorker({
  topic: TOPIC.assessPenalty,
  input: z.object({ violationId: z.string(), proposedFine: z.number().min(0).optional(), partyKind: z.enum(['unit', 'person']) }),
  handle({ violationId, proposedFine, partyKind }) {
    const article = PENALTY_CATALOGUE[violationId];
    const fine = proposedFine ?? 0;
    const outOfRange = article?.fine !== undefined && fine > 0 && (fine < article.fine.min || fine > article.fine.max);
    return Promise.resolve({
      hearingRight: fine >= HEARING_THRESHOLDS[partyKind],
      collectiveDiscussion: article?.fine !== undefined && fine >= article.fine.min,
      statementDays: STATEMENT_DAYS,
      fineOutOfRange: outOfRange,
    });
  },
});
