// Shortens the kept runs of a word diff for review: a long unchanged run
// keeps some context next to the changes around it and shows "…" for the
// rest, so the changes of a long article fit on screen.

export interface WordOp {
  op: string;
  text: string;
}

export const CONTEXT_CHARS = 160;

/** Cuts a kept run at a space near n characters from its start (head) or end. */
function cut(text: string, n: number, fromEnd: boolean): string {
  if (text.length <= n) return text;
  if (fromEnd) {
    const s = text.slice(text.length - n);
    const i = s.indexOf(' ');
    return i >= 0 && i < n / 2 ? s.slice(i + 1) : s;
  }
  const s = text.slice(0, n);
  const i = s.lastIndexOf(' ');
  return i > n / 2 ? s.slice(0, i + 1) : s;
}

/** The ops with long "eq" runs folded; folded runs get op "fold". */
export function foldWordDiff(ops: WordOp[], context = CONTEXT_CHARS): WordOp[] {
  const out: WordOp[] = [];
  ops.forEach((o, i) => {
    if (o.op !== 'eq' || o.text.length <= context * 2 + 40) {
      out.push(o);
      return;
    }
    const first = i === 0;
    const last = i === ops.length - 1;
    if (!first) out.push({ op: 'eq', text: cut(o.text, context, false) });
    out.push({ op: 'fold', text: '…' });
    if (!last) out.push({ op: 'eq', text: cut(o.text, context, true) });
  });
  return out;
}
