import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { EditorListsStore } from './editorLists.svelte';
import type { ArticleSummary } from '../editorApi';

const sum = (id: string, department: string, status = 'published'): ArticleSummary => ({
  id, title: id, department, language: 'en', audience: 'internal', status, owner: '', version: 1, updatedAt: '', reviewBy: '', stale: false, flagged: false, tags: [],
});

function fakeApi() {
  return {
    list: vi.fn(async () => [sum('a', 'Billing'), sum('b', 'Facilities', 'draft')]),
    stale: vi.fn(async () => [sum('s', 'Billing')]),
    flagged: vi.fn(async () => []),
    gaps: vi.fn(async () => [{ label: 'parking', count: 3, examples: ['parking?'], lastAt: '' }]),
    duplicates: vi.fn(async () => []),
  };
}

describe('EditorListsStore', () => {
  beforeEach(() => vi.useFakeTimers());
  afterEach(() => vi.useRealTimers());

  it('filters by status and department at once, and debounces the text filter', async () => {
    const a = fakeApi();
    const s = new EditorListsStore(a, 200);
    await s.load('articles');
    expect(s.departments).toEqual(['Billing', 'Facilities']);
    s.toggleStatus('draft');
    expect(a.list).toHaveBeenLastCalledWith({ statuses: ['draft'], department: '', query: '' });
    s.setDepartment('Billing');
    expect(a.list).toHaveBeenLastCalledWith({ statuses: ['draft'], department: 'Billing', query: '' });
    a.list.mockClear();
    s.setQuery('ref');
    s.setQuery('refund');
    await vi.advanceTimersByTimeAsync(199);
    expect(a.list).not.toHaveBeenCalled();
    await vi.advanceTimersByTimeAsync(1);
    expect(a.list).toHaveBeenCalledTimes(1);
    expect(a.list).toHaveBeenLastCalledWith({ statuses: ['draft'], department: 'Billing', query: 'refund' });
    expect(s.filterCount).toBe(3);
    s.clearFilters();
    expect(s.filterCount).toBe(0);
  });

  it('loads attention lists on first show and refreshes the loaded ones after writes', async () => {
    const a = fakeApi();
    const s = new EditorListsStore(a);
    s.show('stale');
    s.show('gaps');
    await vi.advanceTimersByTimeAsync(0);
    expect(a.stale).toHaveBeenCalledWith(30);
    expect(a.gaps).toHaveBeenCalledWith(30);
    expect(s.gaps[0].label).toBe('parking');
    s.show('stale');
    expect(a.stale).toHaveBeenCalledTimes(1);
    s.refresh();
    await vi.advanceTimersByTimeAsync(0);
    expect(a.stale).toHaveBeenCalledTimes(2);
    expect(a.gaps).toHaveBeenCalledTimes(2);
    expect(a.duplicates).not.toHaveBeenCalled();
  });

  it('keeps errors per list', async () => {
    const a = fakeApi();
    a.flagged.mockRejectedValueOnce('this needs the editor or supervisor role');
    const s = new EditorListsStore(a);
    await s.load('flagged');
    expect(s.errors.flagged).toMatch(/editor or supervisor/);
    expect(s.errors.articles).toBeUndefined();
  });
});
