import { afterEach, describe, expect, it, vi } from 'vitest';
import { StatusStore } from './status.svelte';
import type { core } from 'wailsjs/go/models';

const st = (state: string, extra: Partial<core.IndexState> = {}): core.IndexState => ({
  articles: 10,
  total: 12,
  passages: 80,
  embedder: 'builtin',
  state,
  message: '',
  done: 0,
  of: 0,
  dataDir: '/tmp/x',
  readOnly: '',
  team: { team: false, online: false, asOf: '', reason: '' },
  ...extra,
});

function fakeBackend(initial: core.IndexState) {
  const handlers = new Map<string, (d: unknown) => void>();
  const off = vi.fn();
  window.runtime = {
    EventsOnMultiple: vi.fn((name: string, cb: (...d: unknown[]) => void, max: number) => {
      expect(max).toBe(-1);
      handlers.set(name, (d) => cb(d));
      return off;
    }),
  };
  const deps = {
    StatusService: { State: vi.fn(async () => initial), Progress: vi.fn(async () => ({ phase: '', done: 0, total: 0, message: '' })) },
    ArticleService: { Departments: vi.fn(async () => [{ value: 'Billing', count: 3 }]) },
  };
  return { emit: (n: string, d: unknown) => handlers.get(n)!(d), off, deps };
}

describe('StatusStore', () => {
  afterEach(() => {
    delete window.runtime;
  });

  it('loads state and departments, then follows events', async () => {
    const b = fakeBackend(st('indexing', { done: 2, of: 10, message: 'Indexing' }));
    const s = new StatusStore(b.deps);
    await s.init();
    expect(s.state?.state).toBe('indexing');
    expect(s.departments).toEqual([{ value: 'Billing', count: 3 }]);
    expect(s.bar).toEqual({ done: 2, total: 10, message: 'Indexing' });

    b.emit('index:progress', { phase: 'index', done: 7, total: 10, message: 'Embedding passages' });
    expect(s.bar).toEqual({ done: 7, total: 10, message: 'Embedding passages' });

    b.emit('index:state', st('ready'));
    expect(s.busy).toBe(false);
    expect(s.bar).toBeNull();
    expect(s.progress).toBeNull();

    // An article change refreshes the department list.
    b.deps.ArticleService.Departments.mockResolvedValueOnce([{ value: 'Billing', count: 3 }, { value: 'Facilities', count: 1 }]);
    b.emit('kb:changed', { kind: 'published', ids: ['facilities-badge'] });
    await vi.waitFor(() => expect(s.departments.map((d) => d.value)).toEqual(['Billing', 'Facilities']));

    s.destroy();
    expect(b.off).toHaveBeenCalledTimes(3);
  });

  it('shows the running progress at once when it opens mid-import', async () => {
    const b = fakeBackend(st('importing', { done: 0, of: 0, message: 'Importing' }));
    b.deps.StatusService.Progress.mockResolvedValueOnce({ phase: 'import', done: 3, total: 8, message: 'Importing sample articles' });
    const s = new StatusStore(b.deps);
    await s.init();
    expect(s.bar).toEqual({ done: 3, total: 8, message: 'Importing sample articles' });
    s.destroy();
  });

  it('reports a failing backend instead of throwing', async () => {
    const s = new StatusStore({
      StatusService: { State: async () => Promise.reject('store is closed'), Progress: async () => Promise.reject('store is closed') },
      ArticleService: { Departments: async () => [] },
    });
    await s.init();
    expect(s.state).toBeNull();
    expect(s.error).toBe('store is closed');
  });
});
