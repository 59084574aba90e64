import { Router } from '@koa/router';
import { html, type SafeHtml } from '../../documents/index.js';
import type { DocumentIssuer, VerificationResult } from '../../licensing/document-issuer.js';
import { localDate } from '../../licensing/document-data.js';
import type { AppState } from '../state.js';

/**
 * `GET /verify`: the public page printed on every official document, where anyone checks a document by its number
 * and verification code (a plain HTML form, in Chinese, usable on a phone and without JavaScript).
 */
export function verifyPageRoutes(deps: { documents: DocumentIssuer }): Router<AppState> {
  const router = new Router<AppState>();

  router.get('/verify', async (ctx) => {
    const number = typeof ctx.query['number'] === 'string' ? ctx.query['number'].trim().slice(0, 64) : '';
    const code = typeof ctx.query['code'] === 'string' ? ctx.query['code'].trim().slice(0, 16) : '';
    const asked = number !== '' || code !== '';
    const result = number && code ? await deps.documents.verify(number, code) : null;
    ctx.type = 'text/html; charset=utf-8';
    ctx.set('Content-Security-Policy', "default-src 'none'; style-src 'unsafe-inline'; form-action 'self'");
    ctx.set('Cache-Control', 'no-store');
    if (asked && !result) ctx.status = number && code ? 404 : 400;
    ctx.body = String(page(number, code, asked, result));
  });

  return router;
}

// helpers ////

function page(number: string, code: string, asked: boolean, result: VerificationResult | null): SafeHtml {
  return html`<!doctype html>
<html lang="zh-CN"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>文书核验</title>
<style>body{font-family:"PingFang SC","Microsoft YaHei","Noto Sans CJK SC",sans-serif;max-width:36rem;margin:2rem auto;padding:0 1rem;line-height:1.6}
label{display:block;margin-top:1rem}input{width:100%;padding:.5rem;font-size:1rem;box-sizing:border-box}button{margin-top:1rem;padding:.5rem 1.5rem;font-size:1rem}
.ok{border-left:4px solid #2e7d32;padding:.5rem 1rem;background:#f1f8f1}.bad{border-left:4px solid #c62828;padding:.5rem 1rem;background:#fdf1f1}</style></head>
<body><h1>公安机关文书核验</h1>
<form method="get" action="/verify">
<label>文书编号<input name="number" value="${number}" required maxlength="64"></label>
<label>校验码<input name="code" value="${code}" required maxlength="16" autocomplete="off"></label>
<button type="submit">核验</button></form>
${asked && result ? html`<div class="ok"><p><strong>核验通过</strong>${result.status === 'void' ? '（该文书已作废）' : ''}</p>
<p>文书：${result.title}<br>编号：${result.number}<br>当事人：${result.holderName}<br>出具机关：${result.issuer}<br>出具日期：${localDate(result.issuedAt)}</p></div>` : ''}
${asked && !result ? html`<div class="bad"><p><strong>未找到</strong>：文书编号与校验码不匹配，请核对后重试。</p></div>` : ''}
</body></html>`;
}
