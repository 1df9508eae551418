import { describe, expect, it } from 'vitest';
import { foldWordDiff } from './wordDiff';

describe('foldWordDiff', () => {
  it('keeps short runs and folds long unchanged text around the changes', () => {
    const long = 'word '.repeat(200);
    const ops = [
      { op: 'ins', text: 'New first line. ' },
      { op: 'eq', text: long },
      { op: 'del', text: 'old ' },
      { op: 'ins', text: 'new ' },
      { op: 'eq', text: long },
    ];
    const f = foldWordDiff(ops, 50);
    expect(f.map((o) => o.op)).toEqual(['ins', 'eq', 'fold', 'eq', 'del', 'ins', 'eq', 'fold']);
    // Context next to each change, cut at a word boundary.
    expect(f[1].text.startsWith('word ')).toBe(true);
    expect(f[1].text.length).toBeLessThanOrEqual(50);
    expect(f[3].text.endsWith('word ')).toBe(true);
    expect(f[6].text.length).toBeLessThanOrEqual(50);
    // Every change survives.
    expect(f.filter((o) => o.op === 'ins' || o.op === 'del')).toHaveLength(3);
  });

  it('leaves a diff without long runs as it is', () => {
    const ops = [
      { op: 'eq', text: 'Refunds take ' },
      { op: 'del', text: '5 ' },
      { op: 'ins', text: '3 ' },
      { op: 'eq', text: 'days.' },
    ];
    expect(foldWordDiff(ops)).toEqual(ops);
  });
});
