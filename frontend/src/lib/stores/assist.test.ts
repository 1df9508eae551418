import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { AssistStore } from './assist.svelte';
import type { assist, core, knowledge } from 'wailsjs/go/models';

type Option = assist.Option;
type SuggestResult = core.SuggestResult;
type SupportRequest = knowledge.SupportRequest;

const opt = (title: string, reply: string, cites: string[]): Option => ({
  title, label: '', purpose: '', reply, steps: [], flags: [], kind: 'llm', sentences: [],
  titleChecks: [], stepChecks: [], paragraphs: [], gaps: [], unanswered: [],
  citations: cites.map((c) => ({ passageId: c, articleId: c.split('#')[0], articleVersion: 1, quote: '' })),
});

const result: SuggestResult = {
  setId: 'sug-1',
  related: [],
  excluded: [],
  suggestion: {
    options: [opt('A', 'Reply A.', ['a#1']), opt('B', 'Reply B.', ['b#0', 'b#2'])],
    provider: 'openai', model: 'fake', promptHash: 'h', passageIds: ['a#1', 'b#0', 'b#2'], passages: [], clarifyingQuestion: '', notInKb: false, questions: [], possiblyRelated: [], repaired: false,
  },
};

const req: SupportRequest = { id: 'req-1', subject: 'Refund', channel: 'email', status: 'open', customer: { name: 'Ana', contact: 'ana@example.org' }, messages: [], version: 1, createdAt: '', updatedAt: '' };

function fakeApi() {
  let resolveSuggest: (r: SuggestResult) => void = () => {};
  let rejectSuggest: (e: unknown) => void = () => {};
  return {
    AssistService: {
      Suggest: vi.fn(() => new Promise<SuggestResult>((res, rej) => ((resolveSuggest = res), (rejectSuggest = rej)))),
      Cancel: vi.fn(async () => {
        rejectSuggest('suggestion cancelled');
        return true;
      }),
      Record: vi.fn(async (ev: knowledge.LedgerEvent) => ev),
      Check: vi.fn(async (reply: string) => [{ text: reply, supported: false, passageIds: [] }]),
      MarkSent: vi.fn(async (i: { finalText: string }) => ({ ...req, messages: [{ author: 'agent', text: i.finalText, at: '' }] })),
    },
    SystemService: {
      CopyToClipboard: vi.fn(async () => {}),
      ComposeMail: vi.fn(async () => {}),
    },
    resolve: (r: SuggestResult) => resolveSuggest(r),
    reject: (e: unknown) => rejectSuggest(e),
  };
}

describe('AssistStore', () => {
  beforeEach(() => vi.useFakeTimers());
  afterEach(() => vi.useRealTimers());

  it('streams tokens of its own request while running, then shows the options', async () => {
    const a = fakeApi();
    const s = new AssistStore(a);
    s.setRequest('req-1');
    s.onToken({ requestId: 'req-1', text: 'early' }); // not running: ignored
    const p = s.suggest();
    expect(s.phase).toBe('running');
    expect(a.AssistService.Suggest).toHaveBeenCalledWith('req-1', false);
    s.onToken({ requestId: 'req-1', text: '{"options"' });
    s.onToken({ requestId: 'req-2', text: 'OTHER' });
    s.onToken({ requestId: 'req-1', text: ':[' });
    expect(s.streamed).toBe('{"options":[');
    a.resolve(result);
    await p;
    expect(s.phase).toBe('ready');
    expect(s.options.map((o) => o.title)).toEqual(['A', 'B']);
  });

  it('cancels into a notice, not an error', async () => {
    const a = fakeApi();
    const s = new AssistStore(a);
    s.setRequest('req-1');
    const p = s.suggest();
    await s.cancel();
    await p;
    expect(a.AssistService.Cancel).toHaveBeenCalledWith('req-1');
    expect(s.phase).toBe('idle');
    expect(s.error).toBeNull();
    expect(s.notice).toBe('Suggestion cancelled.');
  });

  it('shows back-end errors as they are', async () => {
    const a = fakeApi();
    const s = new AssistStore(a);
    s.setRequest('req-1');
    const p = s.suggest();
    a.reject('The model server rejected the API key (401): check it in Settings.');
    await p;
    expect(s.phase).toBe('error');
    expect(s.error).toMatch(/401/);
  });

  it('inserts an option, records it and checks the draft against its citations (debounced)', async () => {
    const a = fakeApi();
    const s = new AssistStore(a, 300);
    s.setRequest('req-1');
    const p = s.suggest();
    a.resolve(result);
    await p;
    await s.insert(1);
    expect(s.reply).toBe('Reply B.');
    expect(a.AssistService.Record).toHaveBeenCalledWith(expect.objectContaining({ setId: 'sug-1', type: 'inserted', optionIndex: 1 }));
    expect(s.citedIds).toEqual(['b#0', 'b#2']);
    await vi.advanceTimersByTimeAsync(0);
    expect(a.AssistService.Check).toHaveBeenLastCalledWith('Reply B.', ['b#0', 'b#2'], 'req-1');
    s.setReply('Reply B. More');
    s.setReply('Reply B. More text');
    await vi.advanceTimersByTimeAsync(299);
    expect(a.AssistService.Check).toHaveBeenCalledTimes(1);
    await vi.advanceTimersByTimeAsync(1);
    expect(a.AssistService.Check).toHaveBeenCalledTimes(2);
    expect(s.unsupported.map((c) => c.text)).toEqual(['Reply B. More text']);
  });

  it('records discards with a pick-list reason', async () => {
    const a = fakeApi();
    const s = new AssistStore(a);
    s.setRequest('req-1');
    const p = s.suggest();
    a.resolve(result);
    await p;
    await expect(s.discard(0, 'other', '')).rejects.toThrow(/comment/);
    await s.discard(0, 'wrong-facts', 'the fee is $45');
    expect(a.AssistService.Record).toHaveBeenLastCalledWith(expect.objectContaining({ setId: 'sug-1', type: 'discarded', optionIndex: 0, reason: 'wrong-facts', comment: 'the fee is $45' }));
    expect(s.discarded).toEqual({ 0: 'wrong-facts' });
  });

  it('copies, then marks sent with the edited text; never marks sent when copying failed', async () => {
    const a = fakeApi();
    const s = new AssistStore(a);
    s.setRequest('req-1');
    const p = s.suggest();
    a.resolve(result);
    await p;
    await s.insert(0);
    s.setReply('Reply A, edited.');
    const updated = await s.markSent('clipboard', req);
    expect(a.SystemService.CopyToClipboard).toHaveBeenCalledWith('Reply A, edited.');
    expect(a.AssistService.MarkSent).toHaveBeenCalledWith({ requestId: 'req-1', setId: 'sug-1', optionIndex: 0, finalText: 'Reply A, edited.', via: 'clipboard' });
    expect(updated?.messages.at(-1)?.text).toBe('Reply A, edited.');
    expect(s.reply).toBe('');

    s.setReply('Again');
    a.SystemService.ComposeMail.mockRejectedValueOnce('no mail client');
    expect(await s.markSent('mail', req)).toBeNull();
    expect(a.AssistService.MarkSent).toHaveBeenCalledTimes(1);
    expect(s.sendError).toMatch(/Nothing was marked as sent/);
    a.AssistService.MarkSent.mockClear();
    await s.markSent('mail', req);
    expect(a.SystemService.ComposeMail).toHaveBeenLastCalledWith('ana@example.org', 'Re: Refund', 'Again');
    expect(a.AssistService.MarkSent.mock.calls[0][0]).toMatchObject({ optionIndex: -1, via: 'mail' });
  });

  it('keeps an unsent draft per request', () => {
    const s = new AssistStore(fakeApi());
    s.setRequest('req-1');
    s.setReply('draft one');
    s.setRequest('req-2');
    expect(s.reply).toBe('');
    s.setRequest('req-1');
    expect(s.reply).toBe('draft one');
  });

  it('keeps sending disabled while a placeholder of the inserted option is unfilled', async () => {
    const a = fakeApi();
    const s = new AssistStore(a);
    s.setRequest('req-1');
    const p = s.suggest();
    const withGap = opt('G', 'Your reference is REF-… and we refund on [date].', ['a#1']);
    withGap.gaps = [{ placeholder: 'REF-…', hint: 'the refund reference' }, { placeholder: '[date]', hint: '' }];
    a.resolve({ ...result, suggestion: { ...result.suggestion, options: [withGap] } });
    await p;
    expect(s.focusRequest.target).toBe('options');
    await s.insert(0);
    expect(s.focusRequest.target).toBe('reply');
    expect(s.unfilledGaps.map((g) => g.placeholder)).toEqual(['REF-…', '[date]']);
    expect(await s.markSent('clipboard', req)).toBeNull();
    expect(s.sendError).toContain('REF-…');
    expect(a.SystemService.CopyToClipboard).not.toHaveBeenCalled();
    expect(a.AssistService.MarkSent).not.toHaveBeenCalled();
    s.setReply('Your reference is REF-2291 and we refund on [date].');
    expect(s.unfilledGaps.map((g) => g.placeholder)).toEqual(['[date]']);
    s.setReply('Your reference is REF-2291 and we refund on 3 December.');
    expect(s.unfilledGaps).toEqual([]);
    expect(await s.markSent('clipboard', req)).not.toBeNull();
    expect(a.AssistService.MarkSent).toHaveBeenCalledOnce();
  });
});
