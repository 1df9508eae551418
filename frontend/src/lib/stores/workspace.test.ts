import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { WorkspaceStore } from './workspace.svelte';
import { RequestsStore, validateForm, emptyForm } from './requests.svelte';
import type { SupportRequest } from '../workspace-types';

const req: SupportRequest = { id: 'req-1', subject: 'Refund', channel: 'email', status: 'open', customer: { name: 'Ana', contact: 'ana@example.org' }, messages: [{ author: 'customer', text: 'hi' }], version: 1 };

function api() {
  return {
    getRequest: vi.fn(async () => req),
    updateRequest: vi.fn(async (r: SupportRequest) => ({ ...r, version: r.version + 1 })),
    appendMessage: vi.fn(async (_id: string, m: SupportRequest['messages'][number]) => ({ ...req, messages: [...req.messages, m] })),
    customerHistory: vi.fn(async () => [{ id: 'req-1' }, { id: 'req-0', subject: 'Earlier' }] as never),
    related: vi.fn(async () => [{ department: 'Billing', owner: 'Dana', articles: [] }]),
  };
}

describe('WorkspaceStore', () => {
  beforeEach(() => vi.useFakeTimers());
  afterEach(() => vi.useRealTimers());

  it('opens a request with its customer history and related knowledge', async () => {
    const a = api();
    const ws = new WorkspaceStore(a, 100);
    await ws.open('req-1');
    await vi.advanceTimersByTimeAsync(0);
    expect(ws.request?.subject).toBe('Refund');
    expect(ws.history.map((h) => h.id)).toEqual(['req-0']);
    expect(a.related).toHaveBeenCalledTimes(1);
    expect(ws.related[0].owner).toBe('Dana');
  });

  it('refreshes related knowledge, debounced, when the conversation changes', async () => {
    const a = api();
    const ws = new WorkspaceStore(a, 100);
    await ws.open('req-1');
    await vi.advanceTimersByTimeAsync(0);
    await ws.append('customer', 'also my card was charged twice');
    await ws.append('note', 'check billing');
    await vi.advanceTimersByTimeAsync(99);
    expect(a.related).toHaveBeenCalledTimes(1);
    await vi.advanceTimersByTimeAsync(1);
    expect(a.related).toHaveBeenCalledTimes(2);
  });

  it('saves the status with the version and explains conflicts inline', async () => {
    const a = api();
    const ws = new WorkspaceStore(a, 100);
    await ws.open('req-1');
    await ws.setStatus('resolved');
    expect(a.updateRequest).toHaveBeenCalledWith(expect.objectContaining({ status: 'resolved', version: 1 }));
    expect(ws.request?.version).toBe(2);
    a.updateRequest.mockRejectedValueOnce('conflict: request req-1 was changed (version 3, you had 2)');
    await ws.setStatus('open');
    expect(ws.saveError).toMatch(/someone else changed this request/);
    expect(ws.request?.status).toBe('resolved');
  });
});

describe('RequestsStore', () => {
  it('validates the new-request form', () => {
    expect(Object.keys(validateForm(emptyForm()))).toEqual(['name', 'contact', 'subject', 'message']);
    expect(validateForm({ name: 'A', contact: 'a@b', channel: 'chat', subject: 's', message: 'm' })).toEqual({});
  });

  it('creates a request from the form and filters by status', async () => {
    const listRequests = vi.fn(async () => []);
    const createRequest = vi.fn(async (r: SupportRequest) => ({ ...r, id: 'req-9', version: 1 }));
    const s = new RequestsStore({ listRequests, createRequest });
    const r = await s.create({ name: ' Ana Lima ', contact: 'ana@example.org', channel: 'phone', subject: 'Refund', message: 'Please help ' });
    expect(r.id).toBe('req-9');
    expect(createRequest.mock.calls[0][0]).toMatchObject({ customer: { name: 'Ana Lima', contact: 'ana@example.org' }, channel: 'phone', status: 'open', messages: [{ author: 'customer', text: 'Please help' }] });
    s.toggleStatus('open');
    s.toggleStatus('resolved');
    s.toggleStatus('open');
    expect(listRequests).toHaveBeenLastCalledWith({ statuses: ['resolved'], query: '', limit: 200 });
  });
});
