import { afterEach, describe, expect, it, vi } from 'vitest';
import { api, normalizeResponse, on } from './api';
import type { SearchResponse } from './types';

afterEach(() => {
  delete window.go;
  delete window.runtime;
});

describe('api', () => {
  it('calls window.go.app.<Service>.<Method> and normalises Go nulls', async () => {
    const Search = vi.fn(async () => ({
      query: 'q',
      mode: 'hybrid',
      total: 1,
      tookMs: 1,
      results: [{ articleId: 'a', tags: null, passages: [{ headings: null, snippet: 'x' }] }],
      facets: { departments: null, tags: null, languages: null },
    }));
    window.go = { app: { SearchService: { Search } } as never };
    const r = await api.search({ query: 'q', mode: 'hybrid', filters: { departments: [], tags: [], languages: [], audiences: [], statuses: [] }, limit: 20, passagesPerArticle: 3, asYouType: true });
    expect(Search).toHaveBeenCalledOnce();
    expect(r.results[0].tags).toEqual([]);
    expect(r.results[0].passages[0].headings).toEqual([]);
    expect(r.facets).toEqual({ departments: [], tags: [], languages: [] });
  });

  it('turns rejected string errors into Error messages', async () => {
    window.go = { app: { ArticleService: { Get: async () => Promise.reject('article "x" not found'), Departments: async () => [] } } };
    await expect(api.article('x')).rejects.toThrow('article "x" not found');
  });

  it('fails clearly without a backend', async () => {
    await expect(api.state()).rejects.toThrow(/backend is not available/);
  });

  it('normalises an entirely null response', () => {
    expect(normalizeResponse(null as unknown as SearchResponse).results).toEqual([]);
  });
});

describe('on()', () => {
  it('uses EventsOnMultiple with -1 and returns its unsubscribe', () => {
    const off = vi.fn();
    let handler: ((...d: unknown[]) => void) | undefined;
    window.runtime = {
      EventsOnMultiple: vi.fn((_n: string, cb: (...d: unknown[]) => void) => {
        handler = cb;
        return off;
      }),
    };
    const cb = vi.fn();
    const unsub = on('kb:changed', cb);
    expect(window.runtime.EventsOnMultiple).toHaveBeenCalledWith('kb:changed', expect.any(Function), -1);
    handler!(['a', 'b']);
    expect(cb).toHaveBeenCalledWith(['a', 'b']);
    unsub();
    expect(off).toHaveBeenCalled();
  });

  it('falls back to EventsOn, and to a no-op without a runtime', () => {
    const off = vi.fn();
    window.runtime = { EventsOn: vi.fn(() => off) };
    on('index:state', () => {})();
    expect(off).toHaveBeenCalled();
    delete window.runtime;
    expect(() => on('index:state', () => {})()).not.toThrow();
  });
});
