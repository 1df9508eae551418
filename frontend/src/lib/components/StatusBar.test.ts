import { afterEach, describe, expect, it, vi } from 'vitest';
import { render, screen } from '@testing-library/svelte';
import { flushSync } from 'svelte';
import StatusBar from './StatusBar.svelte';
import { StatusStore } from '../stores/status.svelte';
import type { core } from 'wailsjs/go/models';

const st = (state: string, extra: Partial<core.IndexState> = {}): core.IndexState => ({
  articles: 120, total: 120, passages: 480, embedder: 'builtin', state, message: '', done: 0, of: 0, dataDir: '/data',
  readOnly: '', team: { team: false, online: false, asOf: '', reason: '' }, ...extra,
});

function backend(initial: core.IndexState) {
  const handlers = new Map<string, (d: unknown) => void>();
  window.runtime = {
    EventsOnMultiple: vi.fn((name: string, cb: (...d: unknown[]) => void) => {
      handlers.set(name, (d) => cb(d));
      return () => {};
    }),
  };
  let t = 10_000;
  const store = new StatusStore({
    StatusService: { State: vi.fn(async () => initial), Progress: vi.fn(async () => ({ phase: '', done: 0, total: 0, message: '' })) },
    ArticleService: { Departments: vi.fn(async () => []) },
    now: () => t,
  });
  return {
    store,
    tick: (ms: number) => (t += ms),
    emit: (n: string, d: unknown) => {
      handlers.get(n)!(d);
      flushSync();
    },
  };
}

describe('StatusBar', () => {
  afterEach(() => {
    delete window.runtime;
  });

  it('shows an import as a bar with counts and, once it has a rate, the time left', async () => {
    const b = backend(st('importing', { message: 'Importing' }));
    await b.store.init();
    render(StatusBar, { props: { store: b.store } });

    b.emit('index:progress', { phase: 'import', done: 0, total: 5000, message: 'Importing billing/a.md' });
    const bar = screen.getByRole('progressbar', { name: 'Indexing progress' });
    expect(bar.getAttribute('aria-valuenow')).toBe('0');
    expect(bar.getAttribute('aria-valuemax')).toBe('5000');
    expect(screen.getByTestId('progress-count').textContent).toBe('0% · 0 of 5,000');
    expect(screen.queryByTestId('progress-eta')).toBeNull(); // no rate yet

    b.tick(4_000);
    b.emit('index:progress', { phase: 'import', done: 1000, total: 5000, message: 'Importing billing/z.md' });
    expect(bar.getAttribute('aria-valuenow')).toBe('1000');
    expect(screen.getByTestId('progress-count').textContent).toBe('20% · 1,000 of 5,000');
    // 1,000 in 4 s → 4,000 left at 250/s = 16 s.
    expect(screen.getByTestId('progress-eta').textContent).toBe('about 15 s left');

    // The index phase starts its own estimate.
    b.emit('index:state', st('indexing', { message: 'Indexing' }));
    b.emit('index:progress', { phase: 'index', done: 200, total: 5000, message: 'Indexing 200 of 5000 articles' });
    expect(screen.getByTestId('progress-count').textContent).toBe('4% · 200 of 5,000');
    expect(screen.queryByTestId('progress-eta')).toBeNull();
    b.tick(60_000);
    b.emit('index:progress', { phase: 'index', done: 1200, total: 5000, message: 'Indexing 1200 of 5000 articles' });
    expect(screen.getByTestId('progress-eta').textContent).toBe('about 4 min left'); // 1,000/min, 3,800 left

    b.emit('index:state', st('ready', { message: 'Ready' }));
    expect(screen.queryByRole('progressbar')).toBeNull();
    expect(screen.queryByTestId('progress-eta')).toBeNull();
    expect(screen.getByTestId('status-summary').textContent).toContain('120 articles');
  });
});
