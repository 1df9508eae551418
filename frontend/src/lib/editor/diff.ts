// Rendering model for unified diffs (DiffLine[] from EditorService.Diff):
// +/-/space markers so the change is never carried by colour alone, line
// numbers on both sides, and long unchanged runs folded to a few lines of
// context.
import type { editorial } from 'wailsjs/go/models';

type DiffLine = editorial.DiffLine;

export interface DiffRow {
  kind: 'line';
  op: DiffLine['op'];
  /** '+', '−' or ' ' — shown, and spelled out for screen readers. */
  marker: '+' | '-' | ' ';
  oldNo: number | null;
  newNo: number | null;
  text: string;
  /** "added", "removed" or "unchanged" for assistive technology. */
  label: string;
}

export interface FoldRow {
  kind: 'fold';
  /** How many unchanged lines are hidden. */
  count: number;
  /** Index of the first hidden line in the input, to expand it. */
  start: number;
}

export type Row = DiffRow | FoldRow;

export interface DiffStats {
  added: number;
  removed: number;
}

// editorial.DiffLine.op is one of these.
const LABEL: Record<string, string> = { insert: 'added', delete: 'removed', equal: 'unchanged' };
const MARK: Record<string, DiffRow['marker']> = { insert: '+', delete: '-', equal: ' ' };

export function toRow(l: DiffLine): DiffRow {
  return {
    kind: 'line',
    op: l.op,
    marker: MARK[l.op] ?? ' ',
    oldNo: l.op === 'insert' || !l.oldNo ? null : l.oldNo,
    newNo: l.op === 'delete' || !l.newNo ? null : l.newNo,
    text: l.text,
    label: LABEL[l.op] ?? 'unchanged',
  };
}

export function diffStats(lines: DiffLine[]): DiffStats {
  let added = 0;
  let removed = 0;
  for (const l of lines) {
    if (l.op === 'insert') added++;
    else if (l.op === 'delete') removed++;
  }
  return { added, removed };
}

/**
 * Rows for a unified diff. Runs of unchanged lines longer than 2×context+1
 * are folded, keeping `context` lines next to each change (and at most
 * `context` lines at the very start/end). `expanded` holds fold starts the
 * user opened.
 */
export function diffRows(lines: DiffLine[], context = 3, expanded: ReadonlySet<number> = new Set()): Row[] {
  const rows: Row[] = [];
  let i = 0;
  while (i < lines.length) {
    if (lines[i].op !== 'equal') {
      rows.push(toRow(lines[i]));
      i++;
      continue;
    }
    let j = i;
    while (j < lines.length && lines[j].op === 'equal') j++;
    // [i, j) is an unchanged run.
    const atStart = i === 0;
    const atEnd = j === lines.length;
    const keepHead = atStart ? 0 : context;
    const keepTail = atEnd ? 0 : context;
    const len = j - i;
    const hidden = len - keepHead - keepTail;
    if (hidden > 1 && !expanded.has(i + keepHead)) {
      for (let k = i; k < i + keepHead; k++) rows.push(toRow(lines[k]));
      rows.push({ kind: 'fold', count: hidden, start: i + keepHead });
      for (let k = j - keepTail; k < j; k++) rows.push(toRow(lines[k]));
    } else {
      for (let k = i; k < j; k++) rows.push(toRow(lines[k]));
    }
    i = j;
  }
  return rows;
}

/** Whether a diff has any change at all. */
export const hasChanges = (lines: DiffLine[]) => lines.some((l) => l.op !== 'equal');

/** Plain-text unified rendering (for copying a side of a conflict). */
export function diffText(lines: DiffLine[]): string {
  return lines.map((l) => `${MARK[l.op] ?? ' '} ${l.text}`).join('\n');
}
