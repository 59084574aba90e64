import { createHash } from 'node:crypto';
import { canonicalJson, type JsonValue } from './canonical-json.js';

/** Hash algorithms an audit entry may be chained with; both give 256-bit digests, written as 64 hex digits. */
export const AUDIT_HASH_ALGORITHMS = ['sm3', 'sha256'] as const;

/** One of {@link AUDIT_HASH_ALGORITHMS}. */
export type AuditHashAlgorithm = (typeof AUDIT_HASH_ALGORITHMS)[number];

/** The `previousHash` of the first entry of the chain. */
export const AUDIT_GENESIS_HASH = '0'.repeat(64);

/** Version of the canonical record below; part of every hashed record, so that a new layout can coexist with old entries. */
export const AUDIT_RECORD_VERSION = 1;

/** The fields of an audit entry that its hash covers. */
export interface AuditHashedFields {
  sequence: number;
  at: Date;
  actor: string | null;
  action: string;
  subjectType: string | null;
  subjectId: string | null;
  /** The details as a JSON value (not as stored text): what is hashed is its canonical form. */
  details: JsonValue;
  requestId: string | null;
  ip: string | null;
  previousHash: string;
  algorithm: AuditHashAlgorithm;
}

/** SM3("abc"), GB/T 32905-2016 Appendix A.1. */
const SM3_ABC = '66c7f0f462eeedd9d1f2d46bdc10e4e24167c4875cf2f7a2297da02b8f4ba8e0';

/**
 * Whether Node's OpenSSL offers SM3 (GB/T 32905-2016) and computes it right, checked against the standard's
 * first test vector.
 */
export function sm3Available(): boolean {
  try {
    return createHash('sm3').update('abc').digest('hex') === SM3_ABC;
  } catch {
    return false;
  }
}

const SM3_AVAILABLE = sm3Available();

/** The algorithm new entries are chained with on this node: SM3 where Node's OpenSSL provides it, SHA-256 otherwise. */
export const PREFERRED_AUDIT_HASH_ALGORITHM: AuditHashAlgorithm = SM3_AVAILABLE ? 'sm3' : 'sha256';

/** Whether this node can compute `algorithm` (a value read from an entry). */
export function isSupportedAlgorithm(algorithm: string): algorithm is AuditHashAlgorithm {
  return algorithm === 'sha256' || (algorithm === 'sm3' && SM3_AVAILABLE);
}

/**
 * The canonical record of an entry, the exact text its hash is computed over: the canonical JSON
 * ({@link canonicalJson}, RFC 8785) of the object
 *
 * `{ v, sequence, at, actor, action, subjectType, subjectId, details, requestId, ip, previousHash, algorithm }`
 *
 * where `v` is {@link AUDIT_RECORD_VERSION}, `sequence` an integer, `at` the time in ISO 8601 UTC with exactly
 * three fraction digits (`2026-06-01T02:00:00.000Z`, the precision both databases keep), absent values `null`,
 * and `details` the JSON value of the details (so neither the database's JSON formatting nor its key order
 * matters). Encoded as UTF-8 before hashing.
 */
export function canonicalRecord(fields: AuditHashedFields): string {
  return canonicalJson({
    v: AUDIT_RECORD_VERSION,
    sequence: fields.sequence,
    at: fields.at.toISOString(),
    actor: fields.actor,
    action: fields.action,
    subjectType: fields.subjectType,
    subjectId: fields.subjectId,
    details: fields.details,
    requestId: fields.requestId,
    ip: fields.ip,
    previousHash: fields.previousHash,
    algorithm: fields.algorithm,
  });
}

/** The hash of an entry: `fields.algorithm` over the UTF-8 bytes of its {@link canonicalRecord}, as 64 lower-case hex digits. */
export function entryHash(fields: AuditHashedFields): string {
  return createHash(fields.algorithm).update(canonicalRecord(fields), 'utf8').digest('hex');
}
