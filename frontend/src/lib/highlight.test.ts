import { describe, expect, it } from 'vitest';
import { markPassage, normText } from './highlight';

function root(html: string) {
  const d = document.createElement('div');
  d.innerHTML = html;
  return d;
}

describe('markPassage', () => {
  it('normalises Markdown-ish text', () => {
    expect(normText('  **Refunds** — take 10 days!\n')).toBe('refunds take 10 days');
  });

  it('marks the blocks whose text is in the passage', () => {
    const r = root('<h2>Deposits</h2><p>The deposit is <strong>refunded</strong> in full.</p><ul><li>Call the patient back today.</li></ul><h2>Other</h2><p>Unrelated words live here.</p>');
    const marked = markPassage(r, { headings: ['Deposits'], text: 'The deposit is refunded in full.\n\nCall the patient back today.' });
    expect(marked.map((e) => e.tagName)).toEqual(['P', 'LI']);
    expect(r.querySelectorAll('.cited')).toHaveLength(2);
  });

  it('marks whole table rows and the header when several rows are cited', () => {
    const r = root('<table><thead><tr><th>Situation</th><th>Refund</th></tr></thead><tbody><tr><td>No-show</td><td>Prepayment minus the sixty dollar fee</td></tr><tr><td>Rebooked</td><td>Deposit moves to the new appointment</td></tr><tr><td>Other</td><td>x</td></tr></tbody></table>');
    markPassage(r, { headings: [], text: 'Situation Refund No-show Prepayment minus the sixty dollar fee Rebooked Deposit moves to the new appointment' });
    expect([...r.querySelectorAll('.cited')].map((e) => e.textContent)).toEqual(['Situation', 'Refund', 'No-show', 'Prepayment minus the sixty dollar fee', 'Rebooked', 'Deposit moves to the new appointment']);
  });

  it('falls back to the heading section and clears earlier marks', () => {
    const r = root('<h2>Fees</h2><p>a b</p><h3>Sub</h3><p>c d</p><h2>Next</h2><p>e f</p>');
    markPassage(r, { headings: [], text: 'zzz' });
    const marked = markPassage(r, { headings: ['Intro', 'Fees'], text: 'text that changed since' });
    expect(marked.map((e) => e.textContent)).toEqual(['Fees', 'a b', 'Sub', 'c d']);
    expect(markPassage(r, { headings: ['Missing'], text: '' })).toEqual([]);
    expect(r.querySelectorAll('.cited')).toHaveLength(0);
  });
});
