import { jest } from '@jest/globals';
import { AuditLog } from '../../../src/audit/index.js';
import { TipEntity } from '../../../src/tips/index.js';
import { bearer, type TestUser } from '../../helpers/auth.js';
import { startLicensingServer, type LicensingServer } from '../../helpers/licensing-server.js';

// the whole system with its engine and workers: slower than a unit on a loaded machine
jest.setTimeout(120_000);

let server: LicensingServer;
let intake: TestUser;
let tipId: string;

beforeAll(async () => {
  server = await startLicensingServer({ startAt: new Date('2026-06-01T02:00:00Z') });
  intake = await server.officer('intake-gz', ['tip-intake-440100']);
  const reported = await server.http.post('/api/public/tips').send({
    anonymous: false,
    complainant: { name: '张三', phone: '13800000000' },
    category: 'guard-misconduct',
    subject: { name: '某商场保安', address: '广州市天河区某商场' },
    regionCode: '440106',
    facts: '2026年5月30日晚，商场保安以搜身为由限制一名顾客离开，持续约半小时。',
  });
  expect(reported.status).toBe(201);
  const tip = await server.db.dataSource.getRepository(TipEntity).findOneByOrFail({ trackingCode: reported.body.trackingCode as string });
  tipId = tip.id;
});

afterAll(async () => {
  await server?.close();
});

const readIdentity = (requestId: string) =>
  server.http.post(`/api/tips/${tipId}/complainant`).set('Authorization', bearer(intake.token)).set('X-Request-Id', requestId).send({ purpose: '回访举报人核实情况' });
const identityReads = async () => (await server.db.dataSource.query<unknown[]>('SELECT id FROM tip_identity_read WHERE tip_id = ?', [tipId])).length;

describe("reading a complainant's identity", () => {
  it('is recorded in the audit log with who, why and which request, next to the tip’s own read log', async () => {
    // when
    const res = await readIdentity('identity-read-1');

    // then
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ name: '张三' });
    const { items } = await new AuditLog(server.db.dataSource).list({ action: 'tip.identity-read', subjectId: tipId });
    expect(items).toHaveLength(1);
    const [read] = await server.db.dataSource.query<Array<{ id: string }>>('SELECT id FROM tip_identity_read WHERE tip_id = ?', [tipId]);
    expect(items[0]).toMatchObject({
      actor: 'intake-gz', subjectType: 'tip', subjectId: tipId, requestId: 'identity-read-1',
      details: { purpose: '回访举报人核实情况', readId: read?.id },
    });
  });

  it('is refused, and the identity not shown, when the audit entry cannot be written: the read and its entry commit together', async () => {
    // given an audit log whose head row is gone
    const ds = server.db.dataSource;
    const [head] = await ds.query<Array<{ last_sequence: number | string; last_hash: string }>>('SELECT last_sequence, last_hash FROM audit_head');
    const before = await identityReads();
    await ds.query('DELETE FROM audit_head');

    // when
    const res = await readIdentity('identity-read-2');

    // then
    expect(res.status).toBe(500);
    expect(JSON.stringify(res.body)).not.toContain('张三');
    expect(await identityReads()).toBe(before);

    // and once the head is back, the chain is intact and reads are recorded again
    await ds.query('INSERT INTO audit_head (id, last_sequence, last_hash) VALUES (1, ?, ?)', [Number(head?.last_sequence), head?.last_hash]);
    await expect(new AuditLog(ds).verify()).resolves.toMatchObject({ ok: true });
    expect((await readIdentity('identity-read-3')).status).toBe(200);
    expect(await identityReads()).toBe(before + 1);
  });
});
