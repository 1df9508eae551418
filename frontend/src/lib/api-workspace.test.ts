import { afterEach, describe, expect, it, vi } from 'vitest';
import { wsApi } from './api-workspace';

afterEach(() => {
  delete window.go;
});

describe('wsApi', () => {
  it('normalises Go nulls in suggestion results', async () => {
    const Suggest = vi.fn(async () => ({
      setId: 'sug-1',
      related: [{ department: 'Billing', owner: '', articles: null }],
      excluded: null,
      suggestion: { options: [{ title: 't', reply: 'r', steps: null, citations: null, sentences: [{ text: 'r', supported: true, passageIds: null }], flags: null, kind: 'extractive' }], passageIds: null, passages: null },
    }));
    window.go = { app: { AssistService: { Suggest } } as never };
    const r = await wsApi.suggest('req-1', true);
    expect(Suggest).toHaveBeenCalledWith('req-1', true);
    expect(r.excluded).toEqual([]);
    expect(r.related[0].articles).toEqual([]);
    const o = r.suggestion.options[0];
    expect([o.steps, o.citations, o.flags, o.sentences[0].passageIds]).toEqual([[], [], [], []]);
    expect(r.suggestion.passageIds).toEqual([]);
    expect(r.suggestion.clarifyingQuestion).toBe('');
  });

  it('normalises requests and ledger entries, and passes errors through readably', async () => {
    window.go = {
      app: {
        RequestService: { Get: async () => ({ id: 'r', customer: null, messages: null }) },
        LedgerService: { Sets: async () => [{ setId: 's', passages: null, options: [{ citations: null, flags: null }] }] },
        SystemService: { CopyToClipboard: async () => Promise.reject('no clipboard on this system') },
      } as never,
    };
    expect((await wsApi.getRequest('r')).messages).toEqual([]);
    const [e] = await wsApi.ledgerSets({ limit: 1 });
    expect(e.passages).toEqual([]);
    expect(e.options[0]).toMatchObject({ citations: [], flags: [] });
    await expect(wsApi.copyToClipboard('x')).rejects.toThrow('no clipboard on this system');
  });
});
