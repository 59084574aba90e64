/**
 * Drafts of task forms (办理表单草稿): what an officer has entered in a task's form and approval comment, kept in this
 * browser per user and task while they fill it in, so that an expired session (the login comes back to the task)
 * loses nothing. A draft is removed after the task is submitted or when the officer discards it, and forgotten after
 * {@link DRAFT_LIFETIME_MS}.
 */

/** What is kept of a task being filled in. */
export interface TaskDraft {
  /** The form's field values by key. */
  values: Record<string, unknown>;
  comment: string;
  /** When it was saved (ISO 8601). */
  savedAt: string;
}

/** How long a draft is kept: a week. */
export const DRAFT_LIFETIME_MS = 7 * 24 * 3600_000;

const PREFIX = 'task-draft:';

function keyOf(userId: string, taskId: string): string {
  return `${PREFIX}${userId}:${taskId}`;
}

/** The draft of `userId` for `taskId`, or null when there is none (or it is too old, or unreadable). */
export function readDraft(userId: string, taskId: string): TaskDraft | null {
  forgetOldDrafts();
  const raw = localStorage.getItem(keyOf(userId, taskId));
  if (!raw) return null;
  try {
    const draft = JSON.parse(raw) as Partial<TaskDraft>;
    if (!draft || typeof draft.savedAt !== 'string' || typeof draft.comment !== 'string' || !draft.values || typeof draft.values !== 'object') return null;
    return draft as TaskDraft;
  } catch {
    return null;
  }
}

/** Keeps the draft of `userId` for `taskId`; an empty draft (nothing entered) removes it. */
export function saveDraft(userId: string, taskId: string, values: Record<string, unknown>, comment: string): void {
  const empty = !comment.trim() && Object.values(values).every((v) => v === undefined || v === null || v === '' || (Array.isArray(v) && v.length === 0));
  if (empty) {
    clearDraft(userId, taskId);
    return;
  }
  try {
    localStorage.setItem(keyOf(userId, taskId), JSON.stringify({ values, comment, savedAt: new Date().toISOString() } satisfies TaskDraft));
  } catch {
    // the browser's storage is full or refused: the form still works, without a draft
  }
}

/** Removes the draft of `userId` for `taskId` (submitted or discarded). */
export function clearDraft(userId: string, taskId: string): void {
  localStorage.removeItem(keyOf(userId, taskId));
}

function forgetOldDrafts(): void {
  const now = Date.now();
  for (let i = localStorage.length - 1; i >= 0; i--) {
    const key = localStorage.key(i);
    if (!key?.startsWith(PREFIX)) continue;
    try {
      const savedAt = Date.parse((JSON.parse(localStorage.getItem(key) ?? '{}') as { savedAt?: string }).savedAt ?? '');
      if (!(now - savedAt < DRAFT_LIFETIME_MS)) localStorage.removeItem(key);
    } catch {
      localStorage.removeItem(key);
    }
  }
}
