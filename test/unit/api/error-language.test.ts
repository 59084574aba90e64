import Koa from 'koa';
import request from 'supertest';
import { Writable } from 'node:stream';
import { errorHandler } from '../../../src/api/middleware/error-handler.js';
import { requestId } from '../../../src/api/middleware/request-id.js';
import { requestLanguage } from '../../../src/api/middleware/request-language.js';
import type { AppState } from '../../../src/api/state.js';
import { UnexpectedError } from '../../../src/errors.js';
import { createLogger } from '../../../src/logger.js';

/** An app ordered as `createApp` orders it, whose only route fails as `path` says. */
function failingApp(): Koa<AppState> {
  const quiet = new Writable({ write(_chunk, _encoding, done) { done(); } });
  const app = new Koa<AppState>();
  app.use(requestId(createLogger('error', { destination: quiet })));
  app.use(requestLanguage());
  app.use(errorHandler());
  app.use((ctx) => {
    if (ctx.path === '/too-large') ctx.throw(413, 'request entity too large');
    throw new UnexpectedError('INTERNAL_ERROR', 'Malformed audit entry: seq is not a number');
  });
  return app;
}

describe('error answers in the language of the request', () => {
  const app = failingApp();

  it("words a library's refusal (413 from the body parser) in Chinese for zh-CN, keeping its own English message otherwise", async () => {
    const chinese = await request(app.callback()).post('/too-large').set('Accept-Language', 'zh-CN');
    const english = await request(app.callback()).post('/too-large');
    expect(chinese.status).toBe(413);
    expect(chinese.body).toEqual({ code: 'PAYLOAD_TOO_LARGE', message: '提交的内容过大' });
    expect(chinese.headers['content-language']).toBe('zh-CN');
    expect(english.body).toEqual({ code: 'PAYLOAD_TOO_LARGE', message: 'request entity too large' });
    expect(english.headers['content-language']).toBe('en');
  });

  it('answers a bug with a generic message in the request\'s language, never its English detail', async () => {
    const chinese = await request(app.callback()).get('/anything').set('Accept-Language', 'zh-CN');
    const english = await request(app.callback()).get('/anything');
    expect(chinese.status).toBe(500);
    expect(chinese.body).toEqual({ code: 'INTERNAL_ERROR', message: '服务器内部错误' });
    expect(english.body).toEqual({ code: 'INTERNAL_ERROR', message: 'Internal server error' });
  });
});
