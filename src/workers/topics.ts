/** Every external-task topic the workers serve; each value equals a `camunda:topic` in `bpmn/` and a file name in `src/workers/`. */
export const TOPIC = {
  composeGreeting: 'compose-greeting',
  checkCompleteness: 'check-completeness',
  startClock: 'start-clock',
  pauseClock: 'pause-clock',
  resumeClock: 'resume-clock',
  stopClock: 'stop-clock',
  notify: 'notify',
  setApplicationStatus: 'set-application-status',
  issueDocument: 'issue-document',
  screenBackground: 'screen-background',
  issuePermit: 'issue-permit',
  setPermitStatus: 'set-permit-status',
  recordExamResult: 'record-exam-result',
  issueGuardCertificate: 'issue-guard-certificate',
  revokeGuardCertificate: 'revoke-guard-certificate',
  updateRevocation: 'update-revocation',
  updateTip: 'update-tip',
  updateInspection: 'update-inspection',
  issueRectificationOrder: 'issue-rectification-order',
  openCase: 'open-case',
  assessPenalty: 'assess-penalty',
  updateCase: 'update-case',
  issueCaseDocument: 'issue-case-document',
  extendClock: 'extend-clock',
  updateCriminalCase: 'update-criminal-case',
  openCriminalCase: 'open-criminal-case',
  issueCriminalDocument: 'issue-criminal-document',
} as const;

/** A topic name. */
export type Topic = (typeof TOPIC)[keyof typeof TOPIC];
