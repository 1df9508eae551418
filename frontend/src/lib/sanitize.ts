// Client-side hardening for search snippets. The backend already escapes
// everything except <mark>…</mark>; we do not rely on that: every character is
// escaped again and only balanced, attribute-less <mark> tags are re-allowed.

const ENTITY = /&(#x[0-9a-f]+|#[0-9]+|amp|lt|gt|quot|apos|nbsp);/gi;
const NAMED: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'", nbsp: '\u00a0' };

/** Decodes the handful of entities an HTML escaper produces. */
export function decodeEntities(s: string): string {
  return s.replace(ENTITY, (whole, body: string) => {
    const b = body.toLowerCase();
    if (b.startsWith('#')) {
      const cp = b[1] === 'x' ? parseInt(b.slice(2), 16) : parseInt(b.slice(1), 10);
      if (!Number.isFinite(cp) || cp <= 0 || cp > 0x10ffff || (cp >= 0xd800 && cp <= 0xdfff)) return whole;
      return String.fromCodePoint(cp);
    }
    return NAMED[b] ?? whole;
  });
}

/** Escapes text for use in HTML element content or attribute values. */
export function escapeHtml(s: string): string {
  return s
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&#39;');
}

const MARK = /<(\/?)mark\s*>/gi;

/**
 * Returns HTML that is safe to insert with {@html}: the text between <mark>
 * tags is decoded once (so the server's escaping is not doubled) and escaped
 * again; only <mark> and </mark> survive, balanced and never nested.
 */
export function sanitizeSnippet(snippet: string | null | undefined): string {
  if (!snippet) return '';
  let out = '';
  let open = false;
  let last = 0;
  const text = (s: string) => escapeHtml(decodeEntities(s));
  for (const m of snippet.matchAll(MARK)) {
    out += text(snippet.slice(last, m.index));
    last = m.index + m[0].length;
    const closing = m[1] === '/';
    if (!closing && !open) {
      out += '<mark>';
      open = true;
    } else if (closing && open) {
      out += '</mark>';
      open = false;
    }
    // Nested opens and stray closes are dropped.
  }
  out += text(snippet.slice(last));
  if (open) out += '</mark>';
  return out;
}
