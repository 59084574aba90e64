import { z } from 'zod';
import { bilingual } from '../../language.js';

/** A new password as `/api` accepts it: 10 characters to 72 (bcrypt reads no further). */
export const NewPassword = z.string().min(10, { error: bilingual('must be at least 10 characters long', '长度不得少于 10 个字符') }).max(72);
