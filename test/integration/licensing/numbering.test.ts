import { identityEntities } from '../../../src/identity/index.js';
import { licensingEntities } from '../../../src/licensing/index.js';
import { DEFAULT_NUMBER_PATTERNS, NumberAllocator } from '../../../src/licensing/numbering.js';
import { createTestDataSource, type TestDatabase } from '../../helpers/test-db.js';

let db: TestDatabase;

beforeAll(async () => {
  db = await createTestDataSource({ entities: [...identityEntities, ...licensingEntities] });
});

afterAll(async () => {
  await db?.destroy();
});

const AT = new Date('2026-11-22T02:00:00Z');

describe('NumberAllocator', () => {
  it('gives 40 concurrent transactions 40 distinct, consecutive numbers', async () => {
    const numbers = new NumberAllocator();
    const taken = await Promise.all(
      Array.from({ length: 40 }, () => db.dataSource.transaction((m) => numbers.next(m, 'permit', { at: AT, cityCode: '440100', province: '广东省' }))),
    );
    const sequence = taken.map((n) => Number(n.slice(-5))).sort((a, b) => a - b);
    expect(new Set(taken).size).toBe(40);
    expect(sequence).toEqual(Array.from({ length: 40 }, (_, i) => i + 1));
    expect(taken[0]).toMatch(/^广东省保服字2026440100\d{5}$/);
  });

  it('leaves no gap when the transaction that took a number rolls back', async () => {
    const numbers = new NumberAllocator({ ...DEFAULT_NUMBER_PATTERNS, guardCertificate: 'T{year}{seq:4}' });
    const first = await db.dataSource.transaction((m) => numbers.next(m, 'guardCertificate', { at: AT }));
    await expect(db.dataSource.transaction(async (m) => {
      await numbers.next(m, 'guardCertificate', { at: AT });
      throw new Error('the permit could not be stored');
    })).rejects.toThrow('the permit could not be stored');
    const second = await db.dataSource.transaction((m) => numbers.next(m, 'guardCertificate', { at: AT }));
    expect([first, second]).toEqual(['T20260001', 'T20260002']);
  });

  it('keeps separate sequences per city and per year (China time)', async () => {
    const numbers = new NumberAllocator({ ...DEFAULT_NUMBER_PATTERNS, document: '{city}{docCode}〔{year}〕{seq:3}号' });
    const take = (city: string, at: Date) => db.dataSource.transaction((m) => numbers.next(m, 'document', { at, city, docCode: '受' }));
    expect(await take('广州市', AT)).toBe('广州市受〔2026〕001号');
    expect(await take('深圳市', AT)).toBe('深圳市受〔2026〕001号');
    expect(await take('广州市', AT)).toBe('广州市受〔2026〕002号');
    // 2026-12-31T16:30Z is already 2027-01-01 in China
    expect(await take('广州市', new Date('2026-12-31T16:30:00Z'))).toBe('广州市受〔2027〕001号');
  });
});
