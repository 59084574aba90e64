/** Serves `Task_RecordExamResult`: whether the guard exam was passed, and whether a free re-sit is left. */
import { z } from 'zod';
import { defineWorker } from './define-worker.js';
import type { WorkerDeps } from './index.js';
import { TOPIC } from './topics.js';

/** Sittings allowed: the first and one free re-sit. */
export const EXAM_SITTINGS = 2;

/** Compares `examScore` with the configured pass score; returns `examPassed`, the new `examAttempts` and `resitAllowed`. */
export const recordExamResult = defineWorker({
  topic: TOPIC.recordExamResult,
  input: z.object({ examScore: z.number().min(0).max(100), examAttempts: z.number().int().min(0).optional() }),
  handle({ examScore, examAttempts }, { licensing }: WorkerDeps) {
    const attempts = (examAttempts ?? 0) + 1;
    const examPassed = examScore >= licensing.config.guardExamPassScore;
    return Promise.resolve({ examPassed, examAttempts: attempts, resitAllowed: !examPassed && attempts < EXAM_SITTINGS });
  },
});
