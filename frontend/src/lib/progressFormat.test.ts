import { describe, expect, it } from 'vitest';
import { markdownToHtml } from './progressFormat';

describe('markdownToHtml', () => {
  it('converts headings, lists, bold and paragraphs', () => {
    const html = markdownToHtml('# Your request\n\nHello **Ana**,\nthanks.\n\n- Refund approved\n- Card credited by Friday\n\n## Next');
    expect(html).toBe(
      '<h1>Your request</h1>\n<p>Hello <strong>Ana</strong>,<br>\nthanks.</p>\n<ul>\n<li>Refund approved</li>\n<li>Card credited by Friday</li>\n</ul>\n<h2>Next</h2>',
    );
  });

  it('escapes everything else: customer text cannot inject markup', () => {
    const html = markdownToHtml('<script>alert(1)</script> & <img src=x onerror=y>\n- [link](javascript:x) "q"');
    expect(html).not.toMatch(/<script|<img|<a /);
    expect(html).toContain('&lt;script&gt;');
    expect(html).toContain('&amp;');
    expect(html).toContain('&quot;q&quot;');
  });
});
