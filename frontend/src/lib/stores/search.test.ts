import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { SearchStore } from './search.svelte';
import type { search as S } from 'wailsjs/go/models';

type SearchRequest = S.Request;
type SearchResponse = S.Response;

function response(query: string, ids: string[]): SearchResponse {
  return {
    query,
    mode: 'hybrid',
    total: ids.length,
    tookMs: 1,
    results: ids.map((id) => ({
      articleId: id,
      title: id,
      department: 'Billing',
      tags: [],
      language: 'en',
      audience: 'internal',
      status: 'published',
      owner: '',
      version: 1,
      score: 1,
      weak: false,
      passages: [],
    })),
    facets: { departments: [], tags: [], languages: [] },
  };
}

/** A fake backend whose responses resolve only when the test says so. */
function controlled() {
  const calls: { req: SearchRequest; resolve: (r: SearchResponse) => void; reject: (e: unknown) => void }[] = [];
  const search = vi.fn(
    (req: SearchRequest) =>
      new Promise<SearchResponse>((resolve, reject) => {
        calls.push({ req, resolve, reject });
      }),
  );
  return { calls, search };
}

describe('SearchStore', () => {
  beforeEach(() => vi.useFakeTimers());
  afterEach(() => vi.useRealTimers());

  it('debounces typing into one as-you-type hybrid request', async () => {
    const { calls, search } = controlled();
    const s = new SearchStore({ search, debounceMs: 120 });
    s.setQuery('r');
    s.setQuery('re');
    await vi.advanceTimersByTimeAsync(100);
    s.setQuery('ref');
    await vi.advanceTimersByTimeAsync(119);
    expect(search).not.toHaveBeenCalled();
    expect(s.phase).toBe('loading');
    await vi.advanceTimersByTimeAsync(1);
    expect(search).toHaveBeenCalledTimes(1);
    expect(calls[0].req).toMatchObject({ query: 'ref', mode: 'hybrid', asYouType: true, limit: 20 });
    expect(calls[0].req.filters).toEqual({ departments: [], tags: [], languages: [], audiences: [], statuses: [] });
  });

  it('ignores stale responses that arrive after newer ones', async () => {
    const { calls, search } = controlled();
    const s = new SearchStore({ search, debounceMs: 120 });
    s.setQuery('ref');
    await vi.advanceTimersByTimeAsync(120);
    s.setQuery('refund');
    await vi.advanceTimersByTimeAsync(120);
    expect(calls).toHaveLength(2);

    calls[1].resolve(response('refund', ['new']));
    await vi.advanceTimersByTimeAsync(0);
    expect(s.results.map((r) => r.articleId)).toEqual(['new']);

    calls[0].resolve(response('ref', ['old'])); // slow, superseded
    await vi.advanceTimersByTimeAsync(0);
    expect(s.results.map((r) => r.articleId)).toEqual(['new']);
    expect(s.phase).toBe('ready');
    expect(s.active).toBe(0);
  });

  it('ignores stale errors too', async () => {
    const { calls, search } = controlled();
    const s = new SearchStore({ search, debounceMs: 10 });
    s.setQuery('a');
    await vi.advanceTimersByTimeAsync(10);
    s.setQuery('ab');
    await vi.advanceTimersByTimeAsync(10);
    calls[1].resolve(response('ab', ['x']));
    calls[0].reject('boom');
    await vi.advanceTimersByTimeAsync(0);
    expect(s.phase).toBe('ready');
    expect(s.error).toBeNull();
  });

  it('reports errors of the latest request', async () => {
    const { calls, search } = controlled();
    const s = new SearchStore({ search, debounceMs: 10 });
    s.setQuery('x');
    await vi.advanceTimersByTimeAsync(10);
    calls[0].reject('index unavailable');
    await vi.advanceTimersByTimeAsync(0);
    expect(s.phase).toBe('error');
    expect(s.error).toBe('index unavailable');
  });

  it('clearing the query returns to idle and drops in-flight responses', async () => {
    const { calls, search } = controlled();
    const s = new SearchStore({ search, debounceMs: 10 });
    s.setQuery('refund');
    await vi.advanceTimersByTimeAsync(10);
    s.clear();
    calls[0].resolve(response('refund', ['a']));
    await vi.advanceTimersByTimeAsync(0);
    expect(s.phase).toBe('idle');
    expect(s.response).toBeNull();
    expect(s.active).toBe(-1);
  });

  it('whitespace-only queries never hit the backend', async () => {
    const { search } = controlled();
    const s = new SearchStore({ search, debounceMs: 10 });
    s.setQuery('   ');
    await vi.advanceTimersByTimeAsync(50);
    expect(search).not.toHaveBeenCalled();
    expect(s.phase).toBe('idle');
  });

  it('filter toggles search immediately and keep the active article', async () => {
    const { calls, search } = controlled();
    const s = new SearchStore({ search, debounceMs: 120 });
    s.setQuery('refund');
    await vi.advanceTimersByTimeAsync(120);
    calls[0].resolve(response('refund', ['a', 'b', 'c']));
    await vi.advanceTimersByTimeAsync(0);
    s.setActive(2);

    s.toggleFilter('departments', 'Billing');
    expect(search).toHaveBeenCalledTimes(2); // no debounce for filters
    expect(calls[1].req.filters.departments).toEqual(['Billing']);
    calls[1].resolve(response('refund', ['c', 'a']));
    await vi.advanceTimersByTimeAsync(0);
    expect(s.activeHit?.articleId).toBe('c');
    expect(s.filterCount).toBe(1);

    s.toggleFilter('departments', 'Billing');
    expect(calls[2].req.filters.departments).toEqual([]);
  });

  it('flush sends a pending search at once', async () => {
    const { calls, search } = controlled();
    const s = new SearchStore({ search, debounceMs: 120 });
    s.setQuery('refund');
    expect(s.pending).toBe(true);
    const done = s.flush();
    expect(search).toHaveBeenCalledTimes(1);
    calls[0].resolve(response('refund', ['a']));
    await done;
    expect(s.pending).toBe(false);
    expect(s.activeHit?.articleId).toBe('a');
  });

  it('numbers requests so the newest wins', async () => {
    const { search } = controlled();
    const s = new SearchStore({ search, debounceMs: 5 });
    const before = s.seq;
    s.setQuery('a');
    await vi.advanceTimersByTimeAsync(5);
    s.setQuery('b');
    await vi.advanceTimersByTimeAsync(5);
    expect(s.seq).toBe(before + 2);
  });
});
