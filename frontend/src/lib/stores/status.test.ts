import { afterEach, describe, expect, it, vi } from 'vitest';
import { StatusStore } from './status.svelte';
import type { IndexState } from '../types';

const st = (state: string, extra: Partial<IndexState> = {}): IndexState => ({
  articles: 10,
  total: 12,
  passages: 80,
  embedder: 'builtin',
  state,
  message: '',
  done: 0,
  of: 0,
  dataDir: '/tmp/x',
  ...extra,
});

function fakeBackend(initial: IndexState) {
  const handlers = new Map<string, (d: unknown) => void>();
  const off = vi.fn();
  window.runtime = {
    EventsOnMultiple: vi.fn((name: string, cb: (...d: unknown[]) => void, max: number) => {
      expect(max).toBe(-1);
      handlers.set(name, (d) => cb(d));
      return off;
    }),
  };
  window.go = {
    app: {
      StatusService: { State: vi.fn(async () => initial) },
      ArticleService: { Departments: vi.fn(async () => [{ value: 'Billing', count: 3 }]), Get: vi.fn() },
    },
  };
  return { emit: (n: string, d: unknown) => handlers.get(n)!(d), off };
}

describe('StatusStore', () => {
  afterEach(() => {
    delete window.go;
    delete window.runtime;
  });

  it('loads state and departments, then follows events', async () => {
    const b = fakeBackend(st('indexing', { done: 2, of: 10, message: 'Indexing' }));
    const s = new StatusStore();
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

    s.destroy();
    expect(b.off).toHaveBeenCalledTimes(2);
  });

  it('reports a missing backend instead of throwing', async () => {
    const s = new StatusStore();
    await s.init();
    expect(s.state).toBeNull();
    expect(s.error).toMatch(/not available/);
  });
});
