import { describe, expect, it } from 'vitest';
import { diffRows, diffStats, diffText, hasChanges, toRow } from './diff';
import type { editorial } from 'wailsjs/go/models';

type DiffLine = editorial.DiffLine;

const eq = (n: number, text = `line ${n}`): DiffLine => ({ op: 'equal', text, oldNo: n, newNo: n });

describe('diff rendering model', () => {
  it('marks changes with +/- and a spoken label, not colour alone', () => {
    expect(toRow({ op: 'insert', text: 'new', oldNo: 0, newNo: 3 })).toEqual({
      kind: 'line', op: 'insert', marker: '+', oldNo: null, newNo: 3, text: 'new', label: 'added',
    });
    expect(toRow({ op: 'delete', text: 'old', oldNo: 2, newNo: 0 })).toMatchObject({ marker: '-', oldNo: 2, newNo: null, label: 'removed' });
    expect(toRow(eq(4))).toMatchObject({ marker: ' ', oldNo: 4, newNo: 4, label: 'unchanged' });
  });

  it('folds long unchanged runs, keeping context around changes', () => {
    const lines: DiffLine[] = [];
    for (let i = 1; i <= 10; i++) lines.push(eq(i));
    lines.push({ op: 'delete', text: 'old', oldNo: 11, newNo: 0 }, { op: 'insert', text: 'new', oldNo: 0, newNo: 11 });
    for (let i = 12; i <= 30; i++) lines.push(eq(i));
    const rows = diffRows(lines, 3);
    // leading run: fold 7, keep 3; change (2); trailing run: keep 3, fold 16
    expect(rows.map((r) => (r.kind === 'fold' ? `fold${r.count}` : r.marker))).toEqual([
      'fold7', ' ', ' ', ' ', '-', '+', ' ', ' ', ' ', 'fold16',
    ]);
    expect(rows[0]).toEqual({ kind: 'fold', count: 7, start: 0 });
  });

  it('keeps context on both sides of an unchanged run between changes and expands on demand', () => {
    const lines: DiffLine[] = [{ op: 'insert', text: 'a', oldNo: 0, newNo: 1 }];
    for (let i = 1; i <= 12; i++) lines.push(eq(i));
    lines.push({ op: 'delete', text: 'z', oldNo: 13, newNo: 0 });
    const rows = diffRows(lines, 2);
    expect(rows.filter((r) => r.kind === 'fold')).toEqual([{ kind: 'fold', count: 8, start: 3 }]);
    expect(diffRows(lines, 2, new Set([3])).some((r) => r.kind === 'fold')).toBe(false);
  });

  it('does not fold a single line', () => {
    const lines = [{ op: 'insert', text: 'x', oldNo: 0, newNo: 1 } as DiffLine, eq(1), eq(2), eq(3), eq(4), eq(5), eq(6), eq(7)];
    expect(diffRows(lines, 3).filter((r) => r.kind === 'fold')).toEqual([{ kind: 'fold', count: 4, start: 4 }]);
    const short = [{ op: 'insert', text: 'x', oldNo: 0, newNo: 1 } as DiffLine, eq(1), eq(2), eq(3), eq(4)];
    expect(diffRows(short, 3).every((r) => r.kind === 'line')).toBe(true);
  });

  it('counts and prints changes', () => {
    const lines: DiffLine[] = [eq(1, 'a'), { op: 'delete', text: 'b', oldNo: 2, newNo: 0 }, { op: 'insert', text: 'c', oldNo: 0, newNo: 2 }];
    expect(diffStats(lines)).toEqual({ added: 1, removed: 1 });
    expect(hasChanges(lines)).toBe(true);
    expect(hasChanges([eq(1)])).toBe(false);
    expect(diffText(lines)).toBe('  a\n- b\n+ c');
  });
});
