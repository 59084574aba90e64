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
