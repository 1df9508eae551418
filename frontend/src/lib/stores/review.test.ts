import { describe, expect, it, vi } from 'vitest';
import { PAGE_SIZE, ReviewStore, emptyFilter, toFilter } from './review.svelte';
import type { core, knowledge } from 'wailsjs/go/models';

const row = (id: string, extra: Partial<knowledge.ReviewRow> = {}): knowledge.ReviewRow =>
  ({ setId: id, requestId: 'req-1', subject: 'Refund', at: '2026-04-01T10:00:00Z', agent: 'Sam', department: 'Billing', provider: 'none', model: '',
    outcome: 'used', optionIndex: 0, editDistance: 0, replyLen: 10, heavy: false, unverified: false, events: 2, articles: ['a'], ...extra }) as knowledge.ReviewRow;

function fake() {
  const ReviewService = {
    List: vi.fn(async (f: knowledge.ReviewFilter) => ({ rows: [row('s1')], total: 120, titles: { a: 'Refunds' }, ownOnly: false }) as core.ReviewPage),
    Detail: vi.fn(async (id: string) => ({ row: row(id), used: 0 }) as unknown as core.ReviewDetail),
    Dashboard: vi.fn(async () => ({ sets: 1 }) as core.Dashboard),
    Verify: vi.fn(async () => ({ intact: true, checked: 3, head: 'ab' }) as knowledge.ChainReport),
    Export: vi.fn(async () => ({ path: '/tmp/x.csv', events: 4 })),
  };
  return { ReviewService };
}

describe('toFilter', () => {
  it('makes the last day inclusive and drops empty fields', () => {
    const f = { ...emptyFilter(), from: '2026-04-01', to: '2026-04-30', agent: ' Sam ', unverified: true };
    expect(toFilter(f)).toEqual({ since: '2026-04-01T00:00:00Z', until: '2026-05-01T00:00:00.000Z', agent: 'Sam', unverified: true });
    expect(toFilter(emptyFilter())).toEqual({});
  });
});

describe('ReviewStore', () => {
  it('loads a page with the filter, sort and offset', async () => {
    const deps = fake();
    const s = new ReviewStore(deps);
    s.form.outcome = 'edited';
    await s.apply();
    expect(deps.ReviewService.List).toHaveBeenLastCalledWith({ outcome: 'edited', sort: 'at', asc: false, offset: 0, limit: PAGE_SIZE });
    expect(deps.ReviewService.Dashboard).toHaveBeenLastCalledWith({ outcome: 'edited' });
    expect(s.rows).toHaveLength(1);
    expect(s.titles.a).toBe('Refunds');
    expect(s.pages).toBe(3);
    await s.goto(2);
    expect(deps.ReviewService.List).toHaveBeenLastCalledWith(expect.objectContaining({ offset: 100 }));
    await s.goto(9);
    expect(s.page).toBe(2);
  });

  it('sorts: a new key picks its natural direction, the same key flips it', async () => {
    const deps = fake();
    const s = new ReviewStore(deps);
    await s.sortBy('editDistance');
    expect(deps.ReviewService.List).toHaveBeenLastCalledWith(expect.objectContaining({ sort: 'editDistance', asc: false }));
    await s.sortBy('editDistance');
    expect(deps.ReviewService.List).toHaveBeenLastCalledWith(expect.objectContaining({ sort: 'editDistance', asc: true }));
    await s.sortBy('agent');
    expect(deps.ReviewService.List).toHaveBeenLastCalledWith(expect.objectContaining({ sort: 'agent', asc: true }));
  });

  it('opens a detail and shows errors in place', async () => {
    const deps = fake();
    const s = new ReviewStore(deps);
    await s.open('s1');
    expect(s.detail?.row.setId).toBe('s1');
    deps.ReviewService.Detail.mockRejectedValueOnce('this needs the supervisor role');
    await s.open('s2');
    expect(s.detail).toBeNull();
    expect(s.detailError).toBe('this needs the supervisor role');
  });

  it('verifies the chain and exports the filtered view', async () => {
    const deps = fake();
    const s = new ReviewStore(deps);
    await s.verify();
    expect(s.chain?.intact).toBe(true);
    s.form.agent = 'Kim';
    await s.export('csv');
    expect(deps.ReviewService.Export).toHaveBeenCalledWith('csv', { agent: 'Kim' });
    expect(s.exported?.events).toBe(4);
    deps.ReviewService.Export.mockResolvedValueOnce({ path: '', events: 0 }); // cancelled
    await s.export('json');
    expect(s.exported).toBeNull();
    expect(s.exportError).toBeNull();
  });

  it('keeps only the latest list response', async () => {
    const deps = fake();
    let release!: () => void;
    deps.ReviewService.List.mockImplementationOnce(
      () => new Promise((r) => (release = () => r({ rows: [row('old')], total: 1, titles: {}, ownOnly: false } as core.ReviewPage))),
    );
    const s = new ReviewStore(deps);
    const first = s.load();
    await s.load();
    release();
    await first;
    expect(s.rows[0].setId).toBe('s1');
  });
});
