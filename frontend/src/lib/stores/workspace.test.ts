import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { WorkspaceStore } from './workspace.svelte';
import { RequestsStore, validateForm, emptyForm } from './requests.svelte';
import type { knowledge } from 'wailsjs/go/models';

type SupportRequest = knowledge.SupportRequest;

const req: SupportRequest = { id: 'req-1', subject: 'Refund', channel: 'email', status: 'open', customer: { name: 'Ana', contact: 'ana@example.org' }, messages: [{ author: 'customer', text: 'hi', at: '2026-11-30T10:00:00Z' }], version: 1, createdAt: '2026-11-30T10:00:00Z', updatedAt: '2026-11-30T10:00:00Z' };

function fakeRequests() {
  return {
    Get: vi.fn(async () => req),
    Update: vi.fn(async (r: SupportRequest) => ({ ...r, version: r.version + 1 })),
    AppendMessage: vi.fn(async (_id: string, m: knowledge.RequestMessage) => ({ ...req, messages: [...req.messages, m] })),
    CustomerHistory: vi.fn(async () => [{ id: 'req-1' }, { id: 'req-0', subject: 'Earlier' }] as never),
    Related: vi.fn(async () => [{ department: 'Billing', owner: 'Dana', articles: [] }]),
  };
}

describe('WorkspaceStore', () => {
  beforeEach(() => vi.useFakeTimers());
  afterEach(() => vi.useRealTimers());

  it('opens a request with its customer history and related knowledge', async () => {
    const a = fakeRequests();
    const ws = new WorkspaceStore({ RequestService: a }, 100);
    await ws.open('req-1');
    await vi.advanceTimersByTimeAsync(0);
    expect(ws.request?.subject).toBe('Refund');
    expect(ws.history.map((h) => h.id)).toEqual(['req-0']);
    expect(a.Related).toHaveBeenCalledTimes(1);
    expect(ws.related[0].owner).toBe('Dana');
  });

  it('refreshes related knowledge, debounced, when the conversation changes', async () => {
    const a = fakeRequests();
    const ws = new WorkspaceStore({ RequestService: a }, 100);
    await ws.open('req-1');
    await vi.advanceTimersByTimeAsync(0);
    await ws.append('customer', 'also my card was charged twice');
    await ws.append('note', 'check billing');
    await vi.advanceTimersByTimeAsync(99);
    expect(a.Related).toHaveBeenCalledTimes(1);
    await vi.advanceTimersByTimeAsync(1);
    expect(a.Related).toHaveBeenCalledTimes(2);
  });

  it('saves the status with the version and explains conflicts inline', async () => {
    const a = fakeRequests();
    const ws = new WorkspaceStore({ RequestService: a }, 100);
    await ws.open('req-1');
    await ws.setStatus('resolved');
    expect(a.Update).toHaveBeenCalledWith(expect.objectContaining({ status: 'resolved', version: 1 }));
    expect(ws.request?.version).toBe(2);
    a.Update.mockRejectedValueOnce('conflict: request req-1 was changed (version 3, you had 2)');
    await ws.setStatus('open');
    expect(ws.saveError).toMatch(/someone else changed this request/);
    expect(ws.request?.status).toBe('resolved');
  });

  it('reloads the open request when requests:changed names it (or names nothing)', async () => {
    const a = fakeRequests();
    const ws = new WorkspaceStore({ RequestService: a }, 100);
    await ws.open('req-1');
    expect(a.Get).toHaveBeenCalledTimes(1);
    a.Get.mockResolvedValueOnce({ ...req, status: 'resolved', version: 2 });
    ws.onChanged({ kind: 'updated', ids: ['req-1'] });
    await vi.waitFor(() => expect(ws.request?.status).toBe('resolved'));
    ws.onChanged({ kind: 'created', ids: ['req-2'] });
    expect(a.Get).toHaveBeenCalledTimes(2);
    ws.onChanged({ kind: 'updated', ids: [] });
    expect(a.Get).toHaveBeenCalledTimes(3);
  });
});

describe('RequestsStore', () => {
  it('validates the new-request form', () => {
    expect(Object.keys(validateForm(emptyForm()))).toEqual(['name', 'contact', 'subject', 'message']);
    expect(validateForm({ name: 'A', contact: 'a@b', channel: 'chat', subject: 's', message: 'm' })).toEqual({});
  });

  it('creates a request from the form and filters by status', async () => {
    const List = vi.fn(async () => []);
    const Create = vi.fn(async (r: SupportRequest) => ({ ...r, id: 'req-9', version: 1 }));
    const s = new RequestsStore({ RequestService: { List, Create } });
    const r = await s.create({ name: ' Ana Lima ', contact: 'ana@example.org', channel: 'phone', subject: 'Refund', message: 'Please help ' });
    expect(r.id).toBe('req-9');
    expect(Create.mock.calls[0][0]).toMatchObject({ customer: { name: 'Ana Lima', contact: 'ana@example.org' }, channel: 'phone', status: 'new', messages: [{ author: 'customer', text: 'Please help' }] });
    s.toggleStatus('open');
    s.toggleStatus('resolved');
    s.toggleStatus('open');
    expect(List).toHaveBeenLastCalledWith({ statuses: ['resolved'], query: '', limit: 200 });
  });

  it('reloads the list on requests:changed, coalescing bursts', async () => {
    vi.useFakeTimers();
    const List = vi.fn(async () => []);
    const s = new RequestsStore({ RequestService: { List, Create: vi.fn() } }, 50);
    s.onChanged();
    s.onChanged();
    await vi.advanceTimersByTimeAsync(50);
    expect(List).toHaveBeenCalledTimes(1);
    vi.useRealTimers();
  });
});
