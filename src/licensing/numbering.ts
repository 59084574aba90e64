import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import type { EntityManager } from 'typeorm';
import { z } from 'zod';
import { ConflictError, ValidationError } from '../errors.js';
import { bilingual, localize } from '../language.js';

/** What a number is for. */
export type NumberKind = 'application' | 'permit' | 'guardCertificate' | 'document' | 'inspection' | 'adminCase' | 'criminalCase';

/**
 * Number patterns. Placeholders: `{year}` (4 digits, China time), `{seq:N}` (the sequence value, zero-padded
 * to N digits; required), `{city}` (city name), `{cityCode}`, `{province}` (province name), `{docCode}` (the
 * document type's short code, e.g. 受, 补, 许).
 */
export type NumberPatterns = Record<NumberKind, string>;

/** The defaults; `NUMBER_PATTERNS_FILE` overrides any of them. */
export const DEFAULT_NUMBER_PATTERNS: NumberPatterns = {
  application: 'SQ{year}{cityCode}{seq:6}',
  permit: '{province}保服字{year}{cityCode}{seq:5}',
  guardCertificate: 'BA{year}{cityCode}{seq:6}',
  document: '{city}公保{docCode}字〔{year}〕{seq:5}号',
  inspection: 'JC{year}{cityCode}{seq:6}',
  adminCase: 'XZ{year}{cityCode}{seq:6}',
  criminalCase: 'XS{year}{cityCode}{seq:6}',
};

/** Values the placeholders take. */
export interface NumberContext {
  at: Date;
  city?: string;
  cityCode?: string;
  province?: string;
  docCode?: string;
}

/**
 * Allocates numbers from database sequences: gap-free and unique under concurrency, because the sequence row
 * is updated inside the caller's transaction (a row lock on MySQL, the write gate on SQLite) and rolled back
 * with it. Every distinct expansion of a pattern's fixed parts (e.g. per year and city) has its own sequence.
 */
export class NumberAllocator {
  constructor(readonly patterns: NumberPatterns = DEFAULT_NUMBER_PATTERNS) {}

  /** Takes the next number of `kind` inside the transaction of `manager`. */
  async next(manager: EntityManager, kind: NumberKind, context: NumberContext): Promise<string> {
    const pattern = this.patterns[kind];
    const fixed = expand(pattern, context, () => '#');
    const name = sequenceName(kind, fixed);
    const value = await takeNext(manager, name);
    return expand(pattern, context, (width) => String(value).padStart(width, '0'));
  }
}

/** Reads number patterns from a JSON file (`NUMBER_PATTERNS_FILE`) over the defaults; no file → the defaults. */
export function loadNumberPatterns(path: string | undefined): NumberPatterns {
  if (!path) return DEFAULT_NUMBER_PATTERNS;
  const parsed = PatternsSchema.safeParse(JSON.parse(readFileSync(path, 'utf8')));
  if (!parsed.success) {
    throw new ValidationError(`NUMBER_PATTERNS_FILE ${path} is invalid`, parsed.error.issues.map((i) => ({ path: i.path.join('.'), message: i.message })));
  }
  return { ...DEFAULT_NUMBER_PATTERNS, ...parsed.data };
}

// helpers ////

const pattern = z.string().min(1).max(60).refine((p) => /\{seq:[1-9]\}/.test(p), { error: bilingual('must contain {seq:N} with N from 1 to 9', '须包含 {seq:N}，N 为 1 至 9') });
const PatternsSchema = z.strictObject({ application: pattern, permit: pattern, guardCertificate: pattern, document: pattern, inspection: pattern, adminCase: pattern, criminalCase: pattern }).partial();

function expand(pattern: string, context: NumberContext, seq: (width: number) => string): string {
  const year = String(new Date(context.at.getTime() + 8 * 3600_000).getUTCFullYear());
  return pattern.replace(/\{(year|city|cityCode|province|docCode|seq:(\d))\}/g, (_m, name: string, width: string | undefined) => {
    if (width !== undefined) return seq(Number(width));
    if (name === 'year') return year;
    return String(context[name as 'city' | 'cityCode' | 'province' | 'docCode'] ?? '');
  });
}

function sequenceName(kind: NumberKind, fixed: string): string {
  const name = `${kind}:${fixed}`;
  return name.length <= 64 ? name : `${kind}:${createHash('sha256').update(fixed).digest('hex').slice(0, 40)}`;
}

async function takeNext(manager: EntityManager, name: string): Promise<number> {
  // one atomic statement creates the sequence or moves it on, holding its row lock until the transaction ends
  const mysql = manager.connection.options.type === 'mysql' || manager.connection.options.type === 'mariadb';
  await manager.query(
    mysql
      ? 'INSERT INTO lic_number_sequence (name, next_value) VALUES (?, 2) ON DUPLICATE KEY UPDATE next_value = next_value + 1'
      : 'INSERT INTO lic_number_sequence (name, next_value) VALUES (?, 2) ON CONFLICT(name) DO UPDATE SET next_value = next_value + 1',
    [name],
  );
  const rows = await manager.query<Array<{ v: number | string }>>('SELECT next_value AS v FROM lic_number_sequence WHERE name = ?', [name]);
  const value = Number(rows[0]?.v) - 1;
  if (!Number.isInteger(value) || value < 1) throw new ConflictError('CONFLICT', localize(`Could not allocate a number from sequence ${name}; try again`, '未能分配编号，请重试'));
  return value;
}
