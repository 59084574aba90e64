/** Serves `Task_ComposeGreeting` in bpmn/example-greeting.bpmn: the project's example topic end to end. */
import { z } from 'zod';
import { BusinessRuleError } from '../errors.js';
import { defineWorker } from './define-worker.js';
import { TOPIC } from './topics.js';

/** Composes a Chinese greeting for `name`; a name that is only blanks is a business rule error (`GREETING_NAME_BLANK`). */
export const composeGreeting = defineWorker({
  topic: TOPIC.composeGreeting,
  errors: ['GREETING_NAME_BLANK'],
  input: z.object({ name: z.string().max(100).optional() }),
  handle({ name }, deps: { now: () => Date }) {
    if (name !== undefined && name.trim() === '') {
      throw new BusinessRuleError('GREETING_NAME_BLANK', 'The name to greet is blank');
    }
    return Promise.resolve({ greeting: `您好，${name ?? '访客'}！`, greetedAt: deps.now() });
  },
});
