import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, request, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createApp } from '../../../src/api/app.js';
import type { Logger, LogMeta } from '../../../src/logger.js';
import { createAuthFixture } from '../../helpers/auth.js';
import { createTestDataSource, type TestDatabase } from '../../helpers/test-db.js';

/** A logger that keeps the errors it is given. */
function recordingLogger(errors: Array<{ message: string; meta?: LogMeta }>): Logger {
  const logger: Logger = {
    debug: () => undefined,
    info: () => undefined,
    warn: () => undefined,
    error: (message, meta) => void errors.push({ message, ...(meta ? { meta } : {}) }),
    child: () => logger,
  };
  return logger;
}

describe('errors of a response after the middleware', () => {
  let db: TestDatabase;
  let dir: string;
  let server: Server;
  let app: ReturnType<typeof createApp>;
  const errors: Array<{ message: string; meta?: LogMeta }> = [];
  /** The codes of every error the application emitted, logged or not. */
  const emitted: unknown[] = [];

  beforeAll(async () => {
    db = await createTestDataSource();
    dir = mkdtempSync(join(tmpdir(), 'response-errors-'));
    mkdirSync(join(dir, 'assets'));
    writeFileSync(join(dir, 'index.html'), '<!doctype html><title>保安服务监管信息系统</title>');
    // large enough that the response is still streaming when the client goes away
    writeFileSync(join(dir, 'assets', 'large-abc123.js'), 'x'.repeat(64 * 1024 * 1024));
    app = createApp({ ...createAuthFixture(db.dataSource), logger: recordingLogger(errors), webDir: dir });
    app.on('error', (error: { code?: unknown }) => void emitted.push(error.code));
    const handle = app.callback();
    server = createServer((req, res) => void handle(req, res));
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
  });

  afterAll(async () => {
    await new Promise<void>((resolve) => server.close(() => resolve()));
    await db.destroy();
    rmSync(dir, { recursive: true, force: true });
  });

  it('are not logged when the browser went away while a file was sent (a closed tab is not a fault of the server)', async () => {
    const port = (server.address() as AddressInfo).port;
    await new Promise<void>((resolve) => {
      const req = request({ host: '127.0.0.1', port, path: '/assets/large-abc123.js' }, (res) => {
        res.once('data', () => {
          req.destroy();
          resolve();
        });
      });
      req.end();
    });
    // the server notices the closed connection on its next write
    const deadline = Date.now() + 5000;
    while (!emitted.length && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 20));
    // the connection's reset and the stream's premature end, in either order and not always both
    expect(emitted.length).toBeGreaterThan(0);
    expect(emitted.every((code) => code === 'ERR_STREAM_PREMATURE_CLOSE' || code === 'ECONNRESET')).toBe(true);
    expect(errors).toEqual([]);
  });

  it('are logged, with their code, when the response failed for any other reason', () => {
    emitted.length = 0;
    app.emit('error', Object.assign(new Error('disk read failed'), { code: 'EIO' }));
    expect(errors).toEqual([{ message: 'HTTP response failed', meta: { error: 'disk read failed', code: 'EIO' } }]);
  });
});
