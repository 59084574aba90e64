import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { brotliCompressSync, gzipSync } from 'node:zlib';
import Koa from 'koa';
import supertest from 'supertest';
import { webApp } from '../../src/api/web-app.js';

/** A server answering `/api` itself, then the web application built into `dir`, then 404. */
function serverWith(dir: string) {
  const app = new Koa();
  app.use(async (ctx, next) => {
    if (ctx.path.startsWith('/api/')) ctx.body = { api: true };
    else await next();
  });
  app.use(webApp({ dir }));
  return supertest(app.callback());
}

describe('webApp: the built web application on the API server', () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'web-app-'));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  const build = () => {
    mkdirSync(join(dir, 'assets'));
    writeFileSync(join(dir, 'index.html'), '<!doctype html><title>保安服务监管信息系统</title>');
    writeFileSync(join(dir, 'assets', 'index-abc123.js'), 'console.log(1)');
    writeFileSync(join(dir, 'favicon.svg'), '<svg/>');
  };

  it('serves index.html, revalidated on every visit, at / and at any route of the application', async () => {
    build();
    const http = serverWith(dir);
    for (const path of ['/', '/index.html', '/todo', '/login?next=%2Fdone', '/tasks/abc/form']) {
      const res = await http.get(path);
      expect({ path, status: res.status, type: res.type, cache: res.headers['cache-control'] }).toEqual({ path, status: 200, type: 'text/html', cache: 'no-cache' });
      expect(res.text).toContain('保安服务监管信息系统');
    }
    expect((await http.head('/done')).status).toBe(200);
  });

  it('serves the content-hashed assets for a year and other files revalidated; a missing asset is a 404, not the page', async () => {
    build();
    const http = serverWith(dir);
    const asset = await http.get('/assets/index-abc123.js');
    expect(asset.status).toBe(200);
    expect(asset.headers['cache-control']).toBe('max-age=31536000,immutable');
    const icon = await http.get('/favicon.svg');
    expect(icon.status).toBe(200);
    expect(icon.headers['cache-control']).toBe('no-cache');
    expect((await http.get('/assets/missing-000.js')).status).toBe(404);
  });

  it("sends the build's brotli or gzip copy of a file to a browser that accepts it, the file itself to others", async () => {
    build();
    // copies that differ from the file, to tell which one was sent
    writeFileSync(join(dir, 'assets', 'index-abc123.js.br'), brotliCompressSync('console.log("br")'));
    writeFileSync(join(dir, 'assets', 'index-abc123.js.gz'), gzipSync('console.log("gz")'));
    const http = serverWith(dir);
    const br = await http.get('/assets/index-abc123.js').set('Accept-Encoding', 'br, gzip');
    expect({ encoding: br.headers['content-encoding'], type: br.type, vary: br.headers['vary'], body: br.text }).toEqual({ encoding: 'br', type: 'text/javascript', vary: 'Accept-Encoding', body: 'console.log("br")' });
    const gz = await http.get('/assets/index-abc123.js').set('Accept-Encoding', 'gzip');
    expect({ encoding: gz.headers['content-encoding'], body: gz.text }).toEqual({ encoding: 'gzip', body: 'console.log("gz")' });
    const plain = await http.get('/assets/index-abc123.js').set('Accept-Encoding', 'identity');
    expect({ encoding: plain.headers['content-encoding'], body: plain.text }).toEqual({ encoding: undefined, body: 'console.log(1)' });
  });

  it('leaves /api, /engine-rest, the verification page and other methods to the server', async () => {
    build();
    const http = serverWith(dir);
    expect((await http.get('/api/anything')).body).toEqual({ api: true });
    expect((await http.get('/engine-rest/task')).status).toBe(404);
    expect((await http.get('/verify?number=1&code=2')).status).toBe(404);
    expect((await http.post('/todo')).status).toBe(404);
  });

  it('never serves files outside its directory or hidden files', async () => {
    build();
    writeFileSync(join(dir, '.env'), 'SECRET=1');
    const http = serverWith(dir);
    const hidden = await http.get('/.env');
    expect(hidden.text).not.toContain('SECRET');
    const outside = await http.get('/..%2f..%2fetc%2fpasswd');
    expect(outside.text).not.toContain('root:');
  });

  it('passes every request through while the web application is not built', async () => {
    const http = serverWith(dir);
    expect((await http.get('/')).status).toBe(404);
    expect((await http.get('/todo')).status).toBe(404);
    expect((await http.get('/api/x')).body).toEqual({ api: true });
  });
});
