import { html, isSafeHtml } from '../../../src/documents/index.js';

describe('html', () => {
  it('escapes interpolated text', () => {
    const name = '<script>alert("x")</script> & \'';

    expect(String(html`<p>${name}</p>`)).toBe(
      '<p>&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; &#39;</p>',
    );
  });

  it('escapes values in attributes', () => {
    expect(String(html`<a title="${'" onclick="x'}">`)).toBe('<a title="&quot; onclick=&quot;x">');
  });

  it('inserts fragments made by html as they are', () => {
    const inner = html`<b>${'a<b'}</b>`;

    expect(String(html`<p>${inner}</p>`)).toBe('<p><b>a&lt;b</b></p>');
  });

  it('joins arrays and leaves out null, undefined and false', () => {
    const items = ['x', '<y>'].map((item) => html`<li>${item}</li>`);

    expect(String(html`<ol>${items}</ol>${null}${undefined}${false}${42}`)).toBe(
      '<ol><li>x</li><li>&lt;y&gt;</li></ol>42',
    );
  });

  it('treats an object that only looks like a fragment as untrusted', () => {
    const fake = { toString: () => '<script></script>' };

    expect(isSafeHtml(fake)).toBe(false);
    expect(() => html`${fake as never}`).toThrow(expect.objectContaining({ code: 'INTERNAL_ERROR' }));
  });

  it('recognises its own fragments', () => {
    expect(isSafeHtml(html`<p></p>`)).toBe(true);
    expect(isSafeHtml('<p></p>')).toBe(false);
  });
});
