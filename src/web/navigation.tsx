import { CheckSquareOutlined, InboxOutlined, MailOutlined, SendOutlined } from '@ant-design/icons';
import type { ReactNode } from 'react';
import type { Access } from './use-access';

/** An entry of the signed-in users' menu. */
export interface NavEntry {
  /** The page it opens; also selects the entry on every page below it. */
  path: string;
  icon: ReactNode;
  /** Message key of its label. */
  label: string;
  /** Whether the user sees the entry (the server checks every request anyway). */
  visible(access: Access): boolean;
}

const officer = (access: Access) => access.permissions.has('workbench');

/**
 * The menu of the signed-in users, in its order: the officers' task lists, then each area's pages. An area adds its
 * entries here; the first entry a user sees is their home page.
 */
export const NAV_ENTRIES: readonly NavEntry[] = [
  { path: '/todo', icon: <InboxOutlined />, label: 'nav.todo', visible: officer },
  { path: '/done', icon: <CheckSquareOutlined />, label: 'nav.done', visible: officer },
  { path: '/started', icon: <SendOutlined />, label: 'nav.started', visible: officer },
  { path: '/copies', icon: <MailOutlined />, label: 'nav.copies', visible: officer },
];

/** The entries `access` sees. */
export function visibleEntries(access: Access): NavEntry[] {
  return NAV_ENTRIES.filter((entry) => entry.visible(access));
}

/** The entry of the page at `pathname`: the one whose path is its longest prefix. */
export function entryOf(pathname: string, entries: readonly NavEntry[]): NavEntry | undefined {
  return entries
    .filter((e) => pathname === e.path || pathname.startsWith(`${e.path}/`))
    .sort((a, b) => b.path.length - a.path.length)[0];
}
