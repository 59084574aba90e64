import { App } from 'antd';
import { useCallback, useEffect } from 'react';
import { useBlocker, type BlockerFunction } from 'react-router';
import { currentSession } from './session';

/** What a page asks before it is left with unsaved edits (texts from the page's catalogue). */
export interface LeaveQuestion {
  title: string;
  content: string;
  okText: string;
  cancelText: string;
}

let question: LeaveQuestion | null = null;
/** True while {@link leaveFreely} navigates. */
let free = false;

/**
 * Guards a page while `question` is given (it has unsaved edits): the browser warns before the tab is closed or
 * reloaded (`beforeunload`), and any navigation to another page of the application — a link, the menu, the browser's
 * back and forward buttons — first asks {@link LeaveQuestion} in a confirmation (leave, `data-action="leave"`; stay,
 * `data-action="stay"`). The logout asks it too ({@link leaveQuestion}). A navigation once the session has ended
 * (logged out, or refused by the server) is not held back: the page's drafts are kept in the browser. Null lifts the
 * guard; so does leaving the page.
 */
export function useLeaveGuard(guard: LeaveQuestion | null): void {
  const active = guard !== null;
  question = guard;
  const { modal } = App.useApp();
  const shouldBlock = useCallback<BlockerFunction>(
    ({ currentLocation, nextLocation }) => active && !free && currentSession() !== null && currentLocation.pathname !== nextLocation.pathname,
    [active],
  );
  const blocker = useBlocker(shouldBlock);

  useEffect(() => {
    if (blocker.state !== 'blocked') return undefined;
    const asked = question;
    if (!asked) {
      blocker.proceed();
      return undefined;
    }
    const dialog = modal.confirm({
      ...asked,
      okButtonProps: { danger: true, 'data-action': 'leave' },
      cancelButtonProps: { 'data-action': 'stay' },
      onOk: () => blocker.proceed(),
      onCancel: () => blocker.reset(),
    });
    return () => dialog.destroy();
    // a blocked navigation is asked about once, when it is blocked
  }, [blocker.state]);

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

/**
 * Runs `go`, a navigation away from a guarded page that must not ask (its edits were just sent): the router decides
 * whether to hold a navigation back while it is called, before the page could lift its guard.
 */
export function leaveFreely(go: () => void): void {
  free = true;
  try {
    go();
  } finally {
    free = false;
  }
}
