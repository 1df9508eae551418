import { describe, expect, it } from 'vitest';
import { citationLabel, discardEvent, DISCARD_REASONS, flagLabel, isSevereFlag, kindLabel, passageIndex, segmentReply, TokenBuffer } from './assist';
import type { core } from 'wailsjs/go/models';

describe('TokenBuffer', () => {
  it('accumulates only the tokens of its request', () => {
    const b = new TokenBuffer('req-1');
    expect(b.push({ requestId: 'req-1', text: '{"opt' })).toBe(true);
    expect(b.push({ requestId: 'req-2', text: 'NOISE' })).toBe(false);
    expect(b.push(null)).toBe(false);
    expect(b.push({ requestId: 'req-1', text: 'ions":' })).toBe(true);
    expect(b.text).toBe('{"options":');
  });
});

describe('segmentReply', () => {
  it('marks unsupported sentences and keeps the text between them', () => {
    const reply = 'You get a full refund. We also give a free massage!  Thanks.';
    const segs = segmentReply(reply, [
      { text: 'You get a full refund.', supported: true, passageIds: ['a#1'] },
      { text: 'We also give a free massage!', supported: false, passageIds: [] },
      { text: 'Thanks.', supported: true, passageIds: [] },
    ]);
    expect(segs.map((s) => s.text).join('')).toBe(reply);
    expect(segs.filter((s) => s.supported === false).map((s) => s.text)).toEqual(['We also give a free massage!']);
    expect(segs.find((s) => s.text === '  ')?.supported).toBeNull();
  });

  it('skips sentences it cannot find and repeats correctly', () => {
    const reply = 'Yes. Yes. No.';
    const segs = segmentReply(reply, [
      { text: 'Yes.', supported: true, passageIds: [] },
      { text: 'Missing.', supported: false, passageIds: [] },
      { text: 'Yes.', supported: false, passageIds: [] },
    ]);
    expect(segs.map((s) => s.text).join('')).toBe(reply);
    expect(segs[2]).toEqual({ text: 'Yes.', supported: false });
    expect(segs.at(-1)).toEqual({ text: ' No.', supported: null });
  });
});

describe('labels', () => {
  it('explains flags in words', () => {
    expect(flagLabel('dropped-unknown-citation')).toBe('A citation to an unknown passage was removed.');
    expect(flagLabel('possible-injection')).toMatch(/prompt injection/);
    expect(flagLabel('cites-stale-passage')).toMatch(/overdue/);
    expect(flagLabel('asks-for-secret')).toMatch(/password/);
    expect(isSevereFlag('asks-for-secret')).toBe(true);
    expect(flagLabel('internal-text-in-reply')).toMatch(/internal article/);
    expect(flagLabel('brand-new-flag')).toBe('Check this option: brand new flag.');
  });

  it('labels option kinds', () => {
    expect(kindLabel({ kind: 'llm' }, 'llama3')).toBe('Drafted by llama3');
    expect(kindLabel({ kind: 'extractive' }, '')).toBe('Quoted from the knowledge base');
    expect(kindLabel({ kind: 'not-in-kb' }, '')).toBe('Not in the knowledge base');
  });

  it('formats citation chips from the related hits', () => {
    const groups: core.RelatedGroup[] = [
      {
        department: 'Billing',
        owner: 'Dana',
        articles: [
          {
            articleId: 'billing-refunds', title: 'Refunds', department: 'Billing', tags: [], language: 'en', audience: 'internal', status: 'published', owner: 'Dana', version: 3, score: 1, weak: false,
            passages: [{ passageId: 'billing-refunds#2', headings: ['Process', 'Deposits'], snippet: '', text: '', score: 1, bm25Rank: 1, vectorRank: 1 }],
          },
        ],
      },
    ];
    const info = passageIndex(groups);
    expect(citationLabel(1, { passageId: 'billing-refunds#2', articleId: 'billing-refunds', articleVersion: 3, quote: '' }, info)).toBe('[1] Refunds §Deposits v3');
    expect(citationLabel(2, { passageId: 'billing-refunds#7', articleId: 'billing-refunds', articleVersion: 2, quote: '' }, info)).toBe('[2] Refunds v2');
    expect(citationLabel(3, { passageId: 'x#0', articleId: 'x', articleVersion: 1, quote: '' })).toBe('[3] x v1');
  });
});

describe('discardEvent', () => {
  it('offers the ledger pick list', () => {
    expect(DISCARD_REASONS.map((r) => r.value)).toEqual(['not-relevant', 'wrong-facts', 'outdated', 'tone', 'incomplete', 'other']);
  });
  it('builds the event, requiring a reason and a comment for "other"', () => {
    expect(discardEvent('sug-1', 1, 'tone', '  too formal ')).toMatchObject({ setId: 'sug-1', type: 'discarded', optionIndex: 1, reason: 'tone', comment: 'too formal' });
    expect(discardEvent('sug-1', 0, 'outdated', '')).toMatchObject({ setId: 'sug-1', type: 'discarded', optionIndex: 0, reason: 'outdated' });
    expect(() => discardEvent('sug-1', 0, '', '')).toThrow(/Pick a reason/);
    expect(() => discardEvent('sug-1', 0, 'other', ' ')).toThrow(/needs a comment/);
  });
});
