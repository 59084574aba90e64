/** Serves `Task_CheckCompleteness` of the permit and filing procedures: compares the uploaded documents with the item's checklist. */
import { z } from 'zod';
import { missingDocuments } from '../licensing/application-service.js';
import { defineWorker } from './define-worker.js';
import { applicationOf } from './licensing-support.js';
import type { WorkerDeps } from './index.js';
import { TOPIC } from './topics.js';

/** Lists the checklist documents the application lacks (`missingDocuments`) and whether none is missing (`documentsComplete`). */
export const checkCompleteness = defineWorker({
  topic: TOPIC.checkCompleteness,
  input: z.object({ applicationId: z.string() }),
  async handle({ applicationId }, { licensing }: WorkerDeps) {
    const manager = licensing.dataSource.manager;
    const missing = await missingDocuments(manager, await applicationOf(manager, applicationId));
    return { missingDocuments: missing, documentsComplete: missing.length === 0 };
  },
});
