/**
 * Unsaved edits kept in this browser (本地草稿) per kind of page, user and subject (an application, a procedure), so
 * that an expired session — the login brings the user back to the page — loses nothing. A draft is removed when the
 * edits are saved or discarded, when its user logs out ({@link forgetDraftsOf}: a shared computer keeps nothing of
 * theirs), and forgotten after {@link LOCAL_DRAFT_LIFETIME_MS}.
 */

/** A kept draft: what was being edited, and when it was kept. */
export interface LocalDraft<T> {
  content: T;
  /** When it was kept (ISO 8601). */
  savedAt: string;
}

/** How long a draft is kept: a week. */
export const LOCAL_DRAFT_LIFETIME_MS = 7 * 24 * 3600_000;

/** The kinds of pages that keep drafts here (the task form keeps its own, `officer/task-draft.ts`). */
export type LocalDraftKind = 'application-draft' | 'diagram-draft';

function keyOf(kind: LocalDraftKind, userId: string, subject: string): string {
  return `${kind}:${userId}:${subject}`;
}

/** The draft of `userId` for `subject`, or null when there is none (or it is too old, or unreadable). */
export function readLocalDraft<T>(kind: LocalDraftKind, userId: string, subject: string): LocalDraft<T> | null {
  forgetOldDrafts(kind);
  const raw = localStorage.getItem(keyOf(kind, userId, subject));
  if (!raw) return null;
  try {
    const draft = JSON.parse(raw) as Partial<LocalDraft<T>> | null;
    if (!draft || typeof draft.savedAt !== 'string' || draft.content === undefined || draft.content === null) return null;
    return draft as LocalDraft<T>;
  } catch {
    return null;
  }
}

/** Keeps `content` as the draft of `userId` for `subject`. */
export function saveLocalDraft<T>(kind: LocalDraftKind, userId: string, subject: string, content: T): void {
  try {
    localStorage.setItem(keyOf(kind, userId, subject), JSON.stringify({ content, savedAt: new Date().toISOString() } satisfies LocalDraft<T>));
  } catch {
    // the browser's storage is full or refused: the page still works, without a draft
  }
}

/** Removes the draft of `userId` for `subject` (saved or discarded). */
export function clearLocalDraft(kind: LocalDraftKind, userId: string, subject: string): void {
  localStorage.removeItem(keyOf(kind, userId, subject));
}

/**
 * Removes every draft `userId` keeps in this browser, of every kind of page (the task form's `task-draft` too): what a
 * logout does, so that nothing of theirs stays on a computer others use.
 */
export function forgetDraftsOf(userId: string): void {
  for (let i = localStorage.length - 1; i >= 0; i--) {
    const key = localStorage.key(i);
    const match = key ? /^[a-z]+(?:-[a-z]+)*-draft:/.exec(key) : null;
    if (key && match && key.startsWith(`${match[0]}${userId}:`)) localStorage.removeItem(key);
  }
}

function forgetOldDrafts(kind: LocalDraftKind): void {
  const now = Date.now();
  for (let i = localStorage.length - 1; i >= 0; i--) {
    const key = localStorage.key(i);
    if (!key?.startsWith(`${kind}:`)) continue;
    try {
      const savedAt = Date.parse((JSON.parse(localStorage.getItem(key) ?? '{}') as { savedAt?: string }).savedAt ?? '');
      if (!(now - savedAt < LOCAL_DRAFT_LIFETIME_MS)) localStorage.removeItem(key);
    } catch {
      localStorage.removeItem(key);
    }
  }
}
