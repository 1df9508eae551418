import { describe, expect, it, vi } from 'vitest';
import { EditorHistoryStore } from './editorHistory.svelte';
import type { core } from 'wailsjs/go/models';

type VersionInfo = core.VersionInfo;

const v = (n: number): VersionInfo => ({ version: n, author: 'Ed', message: '', at: '', status: 'draft', title: 't' });

describe('EditorHistoryStore', () => {
  it('compares the two newest versions by default and keeps at most two picks', async () => {
    const api = { Versions: vi.fn(async () => [v(3), v(2), v(1)]), Diff: vi.fn(async () => []) };
    const h = new EditorHistoryStore({ HistoryService: api });
    await h.load('a');
    expect(h.pair).toEqual([2, 3]);
    expect(api.Diff).toHaveBeenCalledWith('a', 2, 3);
    h.toggle(3);
    expect(h.pair).toBeNull();
    expect(h.diff).toBeNull();
    h.toggle(1);
    expect(h.pair).toEqual([1, 2]);
    h.toggle(3);
    expect(h.selected).toEqual([1, 3]);
    expect(api.Diff).toHaveBeenLastCalledWith('a', 1, 3);
  });

  it('the default pair follows new versions; a chosen pair stays', async () => {
    let list = [v(2), v(1)];
    const api = { Versions: vi.fn(async () => list), Diff: vi.fn(async () => []) };
    const h = new EditorHistoryStore({ HistoryService: api });
    await h.load('a');
    expect(h.pair).toEqual([1, 2]);
    list = [v(3), v(2), v(1)];
    await h.load('a');
    expect(h.pair).toEqual([2, 3]);
    h.toggle(2);
    h.toggle(1);
    list = [v(4), v(3), v(2), v(1)];
    await h.load('a');
    expect(h.pair).toEqual([1, 3]);
  });
});
