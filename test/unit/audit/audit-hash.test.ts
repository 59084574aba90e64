import { createHash } from 'node:crypto';
import { AUDIT_GENESIS_HASH, canonicalRecord, entryHash, isSupportedAlgorithm, sm3Available, type AuditHashedFields } from '../../../src/audit/audit-hash.js';

const fields = (overrides: Partial<AuditHashedFields> = {}): AuditHashedFields => ({
  sequence: 1, at: new Date('2026-06-01T02:00:00.123Z'), actor: 'intake-gz', action: 'tip.identity-read', subjectType: 'tip', subjectId: 'tip-1',
  details: { readId: 'r-1', purpose: '回访举报人' }, requestId: 'req-1', ip: '10.0.0.7', previousHash: AUDIT_GENESIS_HASH, algorithm: 'sha256', ...overrides,
});

describe('audit entry hashing', () => {
  it('hashes a fixed canonical record, so that entries written today still verify after any refactoring', () => {
    // the record layout is a contract with every entry already stored: changing it breaks existing chains
    expect(canonicalRecord(fields())).toBe(
      '{"action":"tip.identity-read","actor":"intake-gz","algorithm":"sha256","at":"2026-06-01T02:00:00.123Z",' +
        '"details":{"purpose":"回访举报人","readId":"r-1"},"ip":"10.0.0.7","previousHash":"' + AUDIT_GENESIS_HASH + '",' +
        '"requestId":"req-1","sequence":1,"subjectId":"tip-1","subjectType":"tip","v":1}',
    );
    expect(entryHash(fields())).toBe('dcc8f946e848c7d2538342e33551972d757c386533df2a669068f85a443520a6');
  });

  it('changes the hash when any hashed field changes', () => {
    const base = entryHash(fields());
    for (const changed of [
      fields({ sequence: 2 }), fields({ at: new Date('2026-06-01T02:00:00.124Z') }), fields({ actor: null }), fields({ action: 'tip.identity-reads' }),
      fields({ subjectId: 'tip-2' }), fields({ details: { readId: 'r-1', purpose: '回访' } }), fields({ requestId: null }), fields({ ip: '10.0.0.8' }),
      fields({ previousHash: 'f'.repeat(64) }),
    ]) {
      expect(entryHash(changed)).not.toBe(base);
    }
  });

  (sm3Available() ? describe : describe.skip)('with SM3 from Node’s OpenSSL', () => {
    it('computes the GB/T 32905-2016 test vectors', () => {
      expect(createHash('sm3').update('abc').digest('hex')).toBe('66c7f0f462eeedd9d1f2d46bdc10e4e24167c4875cf2f7a2297da02b8f4ba8e0');
      expect(createHash('sm3').update('abcd'.repeat(16)).digest('hex')).toBe('debe9ff92275b8a138604889c18e5a4d6fdb70e5387e5765293dcba39c0c5732');
    });

    it('hashes the same canonical record with SM3', () => {
      expect(isSupportedAlgorithm('sm3')).toBe(true);
      expect(entryHash(fields({ algorithm: 'sm3' }))).toBe('5ed502d6d49bf845bdceac0f6de5855e290410a60f222cb77813091bef526950');
    });
  });

  it('knows which algorithms it can compute', () => {
    expect(isSupportedAlgorithm('sha256')).toBe(true);
    expect(isSupportedAlgorithm('md5')).toBe(false);
  });
});
