import { z } from 'zod';
import { bilingual } from '../../language.js';

/** A new password as `/api` accepts it: 10 characters to 72 (bcrypt reads no further). */
export const NewPassword = z.string().min(10, { error: bilingual('must be at least 10 characters long', '长度不得少于 10 个字符') }).max(72);

/** Whether a password an administrator sets must be changed by its user before anything else: yes unless told otherwise. */
export const PasswordChangeRequired = z.boolean({ error: bilingual('must be true or false', '须为 true 或 false') }).default(true)
  .describe('The user must change this password at the first login before doing anything else (true by default).');
