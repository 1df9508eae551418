import { describe, expect, it } from 'vitest';
import { decodeEntities, escapeHtml, sanitizeSnippet } from './sanitize';

describe('sanitizeSnippet', () => {
  it('keeps <mark> and escapes the rest', () => {
    expect(sanitizeSnippet('a <mark>refund</mark> b')).toBe('a <mark>refund</mark> b');
  });

  it('does not double-escape server-escaped text', () => {
    expect(sanitizeSnippet('Tom &amp; Jerry &lt;3 &#39;q&#39; &#34;x&#34;')).toBe('Tom &amp; Jerry &lt;3 &#39;q&#39; &quot;x&quot;');
  });

  it('escapes raw tags, attributes and scripts', () => {
    const out = sanitizeSnippet('<img src=x onerror=alert(1)><script>alert(1)</script><b>bold</b>');
    expect(out).not.toMatch(/<(?!\/?mark>)/);
    expect(out).toBe('&lt;img src=x onerror=alert(1)&gt;&lt;script&gt;alert(1)&lt;/script&gt;&lt;b&gt;bold&lt;/b&gt;');
  });

  it('refuses marks with attributes', () => {
    expect(sanitizeSnippet('<mark onclick="x()">hi</mark>')).toBe('&lt;mark onclick=&quot;x()&quot;&gt;hi');
  });

  it('escapes entity-encoded tags instead of decoding them into markup', () => {
    expect(sanitizeSnippet('&lt;script&gt;alert(1)&lt;/script&gt;')).toBe('&lt;script&gt;alert(1)&lt;/script&gt;');
  });

  it('balances unclosed and stray marks and never nests them', () => {
    expect(sanitizeSnippet('<mark>a <mark>b</mark> c')).toBe('<mark>a b</mark> c');
    expect(sanitizeSnippet('x</mark> y')).toBe('x y');
    expect(sanitizeSnippet('<MARK>up</MARK>')).toBe('<mark>up</mark>');
  });

  it('handles empty input and non-Latin text', () => {
    expect(sanitizeSnippet('')).toBe('');
    expect(sanitizeSnippet(null)).toBe('');
    expect(sanitizeSnippet('<mark>возврат</mark> средств')).toBe('<mark>возврат</mark> средств');
    expect(sanitizeSnippet('ผล<mark>ตรวจ</mark>')).toBe('ผล<mark>ตรวจ</mark>');
  });

  it('only ever produces mark elements when parsed', () => {
    const nasty = '"><svg/onload=alert(1)><mark>ok</mark><iframe src=javascript:alert(1)>&#x3c;b&#x3e;';
    const div = document.createElement('div');
    div.innerHTML = sanitizeSnippet(nasty);
    const tags = [...div.querySelectorAll('*')].map((e) => e.tagName);
    expect(tags).toEqual(['MARK']);
    expect(div.textContent).toContain('<svg/onload=alert(1)>');
  });
});

describe('entity helpers', () => {
  it('decodes the common entities and leaves unknown ones alone', () => {
    expect(decodeEntities('&amp;&lt;&gt;&quot;&#39;&#x41;&#66;&foo;')).toBe('&<>"\'AB&foo;');
    expect(decodeEntities('&#0;&#xD800;')).toBe('&#0;&#xD800;');
  });
  it('escapes all five special characters', () => {
    expect(escapeHtml(`<a href="x">'&'</a>`)).toBe('&lt;a href=&quot;x&quot;&gt;&#39;&amp;&#39;&lt;/a&gt;');
  });
});
