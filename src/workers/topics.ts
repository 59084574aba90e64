/** Every external-task topic the workers serve; each value equals a `camunda:topic` in `bpmn/` and a file name in `src/workers/`. */
export const TOPIC = {
  composeGreeting: 'compose-greeting',
} as const;

/** A topic name. */
export type Topic = (typeof TOPIC)[keyof typeof TOPIC];
