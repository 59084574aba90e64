import { jest } from '@jest/globals';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startLicensingServer, type LicensingServer } from '../../helpers/licensing-server.js';

jest.setTimeout(120_000);

describe('GET /api/public/regions: the province and its cities, for the public pages', () => {
  let server: LicensingServer | undefined;
  let dir: string | undefined;

  afterEach(async () => {
    await server?.close();
    server = undefined;
    if (dir) rmSync(dir, { recursive: true, force: true });
    dir = undefined;
  });

  it('answers the built-in Guangdong table to anyone, without a token', async () => {
    server = await startLicensingServer();
    const res = await server.http.get('/api/public/regions');
    expect(res.status).toBe(200);
    expect(res.body.province).toEqual({ code: '440000', name: '广东省', authority: '广东省公安厅' });
    expect(res.body.cities).toHaveLength(21);
    expect(res.body.cities[0]).toEqual({ code: '440100', name: '广州市', authority: '广州市公安局' });
  });

  it('answers the table of REGIONS_FILE when the installation serves another province', async () => {
    dir = mkdtempSync(join(tmpdir(), 'regions-'));
    const file = join(dir, 'regions.json');
    writeFileSync(file, JSON.stringify({
      province: { code: '450000', name: '广西壮族自治区', authority: '广西壮族自治区公安厅' },
      cities: [{ code: '450100', name: '南宁市', authority: '南宁市公安局' }, { code: '450200', name: '柳州市', authority: '柳州市公安局' }],
    }));
    server = await startLicensingServer({ licensing: { regionsFile: file } });
    const res = await server.http.get('/api/public/regions');
    expect(res.status).toBe(200);
    expect(res.body).toEqual({
      province: { code: '450000', name: '广西壮族自治区', authority: '广西壮族自治区公安厅' },
      cities: [{ code: '450100', name: '南宁市', authority: '南宁市公安局' }, { code: '450200', name: '柳州市', authority: '柳州市公安局' }],
    });
  });
});
