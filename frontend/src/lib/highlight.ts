// Marks a cited passage inside rendered article HTML: the blocks whose text
// belongs to the passage, or else the section under the passage's heading.

const BLOCKS = 'p, li, td, th, pre, blockquote, dt, dd, h1, h2, h3, h4, h5, h6';

/** Lower-case letters and digits only, single-spaced (Markdown-proof). */
export function normText(s: string): string {
  return s
    .toLowerCase()
    .replace(/[^\p{L}\p{N}]+/gu, ' ')
    .trim();
}

export interface PassageLike {
  headings: string[];
  text: string;
}

/** Adds the class `cited` to the passage's blocks; returns them in document order. */
export function markPassage(root: HTMLElement, p: PassageLike, cls = 'cited'): HTMLElement[] {
  for (const el of root.querySelectorAll(`.${cls}`)) el.classList.remove(cls);
  const hay = normText(p.text);
  const marked: HTMLElement[] = [];
  if (hay) {
    for (const el of root.querySelectorAll<HTMLElement>(BLOCKS)) {
      if (/^H\d$/.test(el.tagName)) continue;
      if (el.querySelector(BLOCKS)) continue; // leaf blocks only
      const t = normText(el.textContent ?? '');
      if (t.split(' ').length >= 3 && hay.includes(t)) marked.push(el);
    }
  }
  if (!marked.length) marked.push(...headingSection(root, p.headings.at(-1)));
  const all = new Set(withWholeRows(marked));
  for (const el of all) el.classList.add(cls);
  return [...root.querySelectorAll<HTMLElement>(`.${cls}`)].filter((el) => all.has(el));
}

/** A table row with a cited cell is cited whole (short cells like "No-show" cannot be matched alone). */
function withWholeRows(els: HTMLElement[]): HTMLElement[] {
  const out = [...els];
  const rows = new Set(els.map((el) => (el.tagName === 'TD' || el.tagName === 'TH' ? el.closest('tr') : null)).filter((r): r is HTMLTableRowElement => !!r));
  const tables = new Map<HTMLTableElement, number>();
  for (const r of rows) {
    out.push(...r.querySelectorAll<HTMLElement>('td, th'));
    const t = r.closest('table');
    if (t) tables.set(t, (tables.get(t) ?? 0) + 1);
  }
  for (const [t, n] of tables) if (n >= 2) out.push(...t.querySelectorAll<HTMLElement>('thead th'));
  return out;
}

/** The heading with this text and the siblings up to the next heading of the same or a higher level. */
function headingSection(root: HTMLElement, heading: string | undefined): HTMLElement[] {
  if (!heading) return [];
  const want = normText(heading);
  const h = [...root.querySelectorAll<HTMLElement>('h1, h2, h3, h4, h5, h6')].find((x) => normText(x.textContent ?? '') === want);
  if (!h) return [];
  const level = Number(h.tagName[1]);
  const out = [h];
  for (let el = h.nextElementSibling; el; el = el.nextElementSibling) {
    if (/^H\d$/.test(el.tagName) && Number(el.tagName[1]) <= level) break;
    if (el instanceof HTMLElement) out.push(el);
  }
  return out;
}
