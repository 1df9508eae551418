// Pure helpers for the suggestion workspace: streamed tokens, sentence
// highlighting, readable flags, discard reasons and citation chips.
import type { app, assist, core, knowledge, search } from 'wailsjs/go/models';

/** Accumulates `assist:token` text for one request, ignoring other requests. */
export class TokenBuffer {
  text = '';
  constructor(public requestId: string) {}
  /** Returns true when the token belonged to this request. */
  push(tok: app.AssistToken | null | undefined): boolean {
    if (!tok || tok.requestId !== this.requestId || typeof tok.text !== 'string') return false;
    this.text += tok.text;
    return true;
  }
}

export interface Segment {
  text: string;
  /** null: text between checked sentences (whitespace, punctuation). */
  supported: boolean | null;
}

/**
 * Splits a reply into segments following the grounding checks, so that
 * unsupported sentences can be marked. Sentences are located in order; one
 * that cannot be found is skipped and its text stays plain.
 */
export function segmentReply(reply: string, checks: assist.SentenceCheck[]): Segment[] {
  const out: Segment[] = [];
  let at = 0;
  for (const c of checks) {
    const t = c.text?.trim();
    if (!t) continue;
    const i = reply.indexOf(t, at);
    if (i < 0) continue;
    if (i > at) out.push({ text: reply.slice(at, i), supported: null });
    out.push({ text: t, supported: c.supported });
    at = i + t.length;
  }
  if (at < reply.length) out.push({ text: reply.slice(at), supported: null });
  return out;
}

const FLAG_LABELS: Record<string, string> = {
  'dropped-unknown-citation': 'A citation to an unknown passage was removed.',
  'no-citations': 'This option cites no passage — check every fact yourself.',
  'unverified-sentences': 'Some sentences are not supported by the cited passages.',
  'cites-suspicious-passage': 'It cites a passage that contains text addressed to an AI.',
  'possible-injection': 'It may repeat instructions found inside an article — possible prompt injection.',
  'untrusted-detail': 'It contains a link, number or amount found in no trusted passage.',
  'cites-stale-passage': 'It cites a passage that is overdue for review or reported as wrong.',
  'internal-source': 'Quoted from an internal article written for staff — rewrite it for the customer before sending.',
  'asks-for-secret': 'It asks the customer for a password, a full card number or a code — never send that.',
  'internal-text-in-reply': 'The reply repeats text from an internal article written for staff — rewrite it for the customer.',
};

export function flagLabel(flag: string): string {
  return FLAG_LABELS[flag] ?? `Check this option: ${flag.replace(/-/g, ' ')}.`;
}

/** Flags that mean "do not use without checking" rather than "be aware". */
export function isSevereFlag(flag: string): boolean {
  return flag === 'possible-injection' || flag === 'untrusted-detail' || flag === 'cites-suspicious-passage' || flag === 'asks-for-secret';
}

export function kindLabel(o: Pick<assist.Option, 'kind'>, model: string): string {
  switch (o.kind) {
    case 'llm':
      return `Drafted by ${model || 'the model'}`;
    case 'extractive':
      return 'Quoted from the knowledge base';
    case 'not-in-kb':
      return 'Not in the knowledge base';
    default:
      return o.kind;
  }
}

/** The discard reasons the ledger accepts (knowledge.DiscardReason values), with labels. */
export const DISCARD_REASONS: { value: string; label: string }[] = [
  { value: 'not-relevant', label: 'Not relevant' },
  { value: 'wrong-facts', label: 'Wrong facts' },
  { value: 'outdated', label: 'Outdated' },
  { value: 'tone', label: 'Wrong tone' },
  { value: 'incomplete', label: 'Incomplete' },
  { value: 'other', label: 'Other' },
];

/** Builds the ledger event for a discard, or throws a readable error. */
export function discardEvent(setId: string, optionIndex: number, reason: string, comment: string): knowledge.LedgerEvent {
  const r = DISCARD_REASONS.find((x) => x.value === reason);
  if (!r) throw new Error('Pick a reason for discarding this option.');
  const c = comment.trim();
  if (r.value === 'other' && !c) throw new Error('Say briefly why — “Other” needs a comment.');
  return { setId, type: 'discarded', optionIndex, reason: r.value, ...(c ? { comment: c } : {}) };
}

export interface PassageInfo {
  title: string;
  headings: string[];
}

/** What the related hits tell about articles and passages, for chip labels. */
export function passageIndex(groups: core.RelatedGroup[] | search.ArticleHit[][]): Map<string, PassageInfo> {
  const m = new Map<string, PassageInfo>();
  const hits: search.ArticleHit[] = (groups as unknown[]).flatMap((g) => (Array.isArray(g) ? g : (g as core.RelatedGroup).articles));
  for (const h of hits) {
    if (!m.has(h.articleId)) m.set(h.articleId, { title: h.title, headings: [] });
    for (const p of h.passages) m.set(p.passageId, { title: h.title, headings: p.headings });
  }
  return m;
}

/** "[1] Refunds and deposits §Cancellation fees v3" */
export function citationLabel(n: number, c: assist.Citation, info?: Map<string, PassageInfo>): string {
  const p = info?.get(c.passageId);
  const title = p?.title || info?.get(c.articleId)?.title || c.articleId;
  const heading = p?.headings.at(-1);
  return `[${n}] ${title}${heading && heading !== title ? ` §${heading}` : ''} v${c.articleVersion}`;
}

export function countWords(s: string): number {
  const t = s.trim();
  return t ? t.split(/\s+/).length : 0;
}

/** What an option's label (from the suggestion engine or the model) means, for people. */
const OPTION_LABELS: Record<string, string> = {
  resolve: 'Resolves now',
  'next-step': 'Next step and follow-up',
  'ask-missing-fact': 'Asks for the missing detail',
  clarify: 'Asks what the customer means',
};

export function optionLabel(label: string): string {
  return OPTION_LABELS[label] ?? label.replace(/[-_]+/g, ' ').replace(/^\w/, (c) => c.toUpperCase());
}
