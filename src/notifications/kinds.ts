/** The kinds of inbox notification, what each is about, and who may receive which. */

/**
 * Every kind of inbox notification: `assignment` (a task transferred, delegated or sent back to you), `carbon-copy`
 * (抄送), `urge` (催办), `correction` (a reviewer asks the applicant to correct an application, 补正), `warning`
 * (a statutory clock is about to expire), `escalation` (a clock has expired), `status` (an application's new
 * status) and `document` (an official document was issued).
 */
export const NOTIFICATION_KINDS = ['assignment', 'carbon-copy', 'urge', 'correction', 'warning', 'escalation', 'status', 'document'] as const;

/** One of {@link NOTIFICATION_KINDS}. */
export type NotificationKind = (typeof NOTIFICATION_KINDS)[number];

/** Chinese names of the kinds, for messages sent outside the system. */
export const NOTIFICATION_KIND_LABELS: Readonly<Record<NotificationKind, string>> = {
  assignment: '任务分派', 'carbon-copy': '抄送', urge: '催办', correction: '补正通知', warning: '临期预警', escalation: '超期督办',
  status: '办理进度', document: '文书出具',
};

/** Whether `kind` is one of {@link NOTIFICATION_KINDS}. */
export function isNotificationKind(kind: string): kind is NotificationKind {
  return (NOTIFICATION_KINDS as readonly string[]).includes(kind);
}

/**
 * What a notification can be about, for the inbox to open it: a `task` (its task id), a `case-file` (the process
 * instance id of an application's, tip's, inspection's or case's procedure), an `application` (its id; what an
 * applicant opens) or a `task-list` (`todo`, when a notification is about several tasks of the recipient's 待办).
 * The web maps each to its own page.
 */
export const NOTIFICATION_SUBJECT_KINDS = ['task', 'case-file', 'application', 'task-list'] as const;

/** One of {@link NOTIFICATION_SUBJECT_KINDS}. */
export type NotificationSubjectKind = (typeof NOTIFICATION_SUBJECT_KINDS)[number];

/** What one notification is about; null on notifications stored before subjects were recorded. */
export interface NotificationSubject {
  kind: NotificationSubjectKind;
  id: string;
}
