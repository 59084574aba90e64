/** Allowed login names (user ids) and group ids: letters, digits and `. _ @ -`, 1 to 64 characters. */
export const USER_ID_PATTERN = /^[A-Za-z0-9._@-]{1,64}$/;

/** Allowed group ids; same alphabet as user ids. */
export const GROUP_ID_PATTERN = USER_ID_PATTERN;

/** Longest password accepted, in UTF-8 bytes: bcrypt ignores everything after byte 72. */
export const MAX_PASSWORD_BYTES = 72;

/** Shortest password accepted for new accounts. */
export const MIN_PASSWORD_LENGTH = 8;

/** Well-known group ids the application relies on. */
export const GROUPS = {
  /** Camunda's administrators group; members may do everything on `/engine-rest`. */
  camundaAdmin: 'camunda-admin',
  /** Administrators of this application. */
  admin: 'admin',
  /** Technical accounts that run external-task workers. */
  worker: 'worker',
} as const;

/** Well-known user ids. */
export const ADMIN_USER_ID = 'admin';

/** A user whose password was checked, with the groups it belongs to. */
export interface AuthenticatedUser {
  id: string;
  name: string;
  email: string | null;
  groupIds: string[];
  /** The account's token generation, signed into its tokens: tokens of an older one no longer work. */
  tokenGeneration: number;
  /** Whether the password is one an administrator chose, which the user must change before anything else. */
  passwordChangeRequired: boolean;
}

/** Where a token of an account stands: see `IdentityService.tokenStanding`. */
export interface TokenStanding {
  disabled: boolean;
  groupIds: string[];
  /** The account's current token generation. */
  tokenGeneration: number;
  /** Whether the token itself was ended by a logout. */
  revoked: boolean;
  /** Whether the user must change its password before anything else. */
  passwordChangeRequired: boolean;
}

/** A user as the application shows it; never carries the password hash. */
export interface UserView {
  id: string;
  name: string;
  email: string | null;
  disabled: boolean;
  /** Whether the password is still one an administrator chose, which the user must change at its next login. */
  passwordChangeRequired: boolean;
  createdAt: Date;
  updatedAt: Date;
}

/** A group as the application shows it. */
export interface GroupView {
  id: string;
  name: string;
  /** Camunda's group type, e.g. `SYSTEM` or `WORKFLOW`; null when not set. */
  type: string | null;
}
