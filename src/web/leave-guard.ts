import { useEffect } from 'react';

/** What the shell asks before leaving a page with unsaved edits. */
export interface LeaveQuestion {
  title: string;
  content: string;
  okText: string;
  cancelText: string;
}

let question: LeaveQuestion | null = null;

/**
 * Guards a page while `question` is given (it has unsaved edits): the browser warns before the tab is closed or
 * reloaded (`beforeunload`), and the shell's menu and logout ask {@link LeaveQuestion} before leaving
 * ({@link leaveQuestion}). Null lifts the guard; so does leaving the page.
 */
export function useLeaveGuard(guard: LeaveQuestion | null): void {
  const active = guard !== null;
  question = guard;
  useEffect(() => {
    if (!active) return undefined;
    const warn = (event: BeforeUnloadEvent) => {
      event.preventDefault();
      // older browsers show the warning only when returnValue is set
      event.returnValue = '';
    };
    window.addEventListener('beforeunload', warn);
    return () => {
      window.removeEventListener('beforeunload', warn);
      question = null;
    };
  }, [active]);
}

/** What to ask before leaving the current page, or null when it may be left freely. */
export function leaveQuestion(): LeaveQuestion | null {
  return question;
}
