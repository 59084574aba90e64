import Koa from 'koa';
import request from 'supertest';
import { requestLanguage } from '../../../src/api/middleware/request-language.js';
import type { AppState } from '../../../src/api/state.js';
import { bilingual, currentLanguage, localize, runInLanguage } from '../../../src/language.js';

/** An app answering the language its requests are handled in. */
function languageApp(): Koa<AppState> {
  const app = new Koa<AppState>();
  app.use(requestLanguage());
  app.use((ctx) => {
    ctx.body = currentLanguage();
  });
  return app;
}

describe('the language of a request (Accept-Language through Koa\'s negotiator)', () => {
  const app = languageApp();

  it.each([
    ['zh', 'zh-CN'],
    ['zh-CN', 'zh-CN'],
    ['ZH-cn', 'zh-CN'],
    ['zh-Hans', 'zh-CN'],
    ['zh-Hans-CN,zh;q=0.9,en;q=0.8', 'zh-CN'],
    ['en-US,en;q=0.9,zh-CN;q=0.8', 'en'],
    ['en;q=0.5, zh-CN;q=0.9', 'zh-CN'],
    ['zh-CN;q=0, en', 'en'],
    ['fr, zh;q=0.5', 'zh-CN'],
    ['fr-FR,de;q=0.8', 'en'],
    ['fr, en;q=0.3, zh;q=0.2', 'en'],
    ['*', 'en'],
    ['', 'en'],
  ])('is the best offered language for %j: %s', async (header, language) => {
    const res = await request(app.callback()).get('/').set('Accept-Language', header);
    expect(res.text).toBe(language);
  });

  it('is English when no header is sent, so API clients keep their answers', async () => {
    const res = await request(app.callback()).get('/');
    expect(res.text).toBe('en');
  });
});

describe('bilingual messages', () => {
  const message = bilingual('must be a 6-digit division code', '须为 6 位行政区划代码');

  it('resolve to the language of the request they are asked for in', () => {
    expect(runInLanguage('zh-CN', () => message())).toBe('须为 6 位行政区划代码');
    expect(runInLanguage('en', () => message())).toBe('must be a 6-digit division code');
    expect(runInLanguage('zh-CN', () => localize('is required', '为必填项'))).toBe('为必填项');
  });

  it('keep the language across awaits of the same request', async () => {
    const seen = await runInLanguage('zh-CN', async () => {
      await new Promise((resolve) => setTimeout(resolve, 1));
      return currentLanguage();
    });
    expect(seen).toBe('zh-CN');
  });

  it('are English outside a request (workers, start-up)', () => {
    expect(message()).toBe('must be a 6-digit division code');
  });
});
