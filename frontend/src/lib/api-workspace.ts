// Typed wrappers over the workspace, settings and ledger bindings (see
// app/API.md). Go nil slices arrive as null and are normalised to [] here.
import { arr, call, normalizeArticle, normHit } from './api';
import type { ArticleView } from './types';
import type * as W from './workspace-types';

export function normRequest(r: W.SupportRequest): W.SupportRequest {
  return { ...r, customer: r.customer ?? { name: '', contact: '' }, messages: arr(r.messages) };
}

function normGroups(g: W.RelatedGroup[] | null): W.RelatedGroup[] {
  return arr(g).map((x) => ({ ...x, articles: arr(x.articles).map(normHit) }));
}

export function normOption(o: W.Option): W.Option {
  return {
    ...o,
    steps: arr(o.steps),
    flags: arr(o.flags),
    citations: arr(o.citations),
    sentences: arr(o.sentences).map((s) => ({ ...s, passageIds: arr(s.passageIds) })),
  };
}

export function normSuggestResult(r: W.SuggestResult): W.SuggestResult {
  const s = r.suggestion ?? ({} as W.Suggestion);
  return {
    setId: r.setId ?? '',
    related: normGroups(r.related),
    excluded: arr(r.excluded),
    suggestion: {
      ...s,
      options: arr(s.options).map(normOption),
      passageIds: arr(s.passageIds),
      passages: arr(s.passages),
      clarifyingQuestion: s.clarifyingQuestion ?? '',
    },
  };
}

function normEntry(e: W.LedgerEntry): W.LedgerEntry {
  return {
    ...e,
    passages: arr(e.passages),
    options: arr(e.options).map((o) => ({ ...o, citations: arr(o.citations), flags: arr(o.flags) })),
  };
}

export const wsApi = {
  async listRequests(f: W.RequestFilter): Promise<W.RequestSummary[]> {
    return arr(await call('RequestService', 'List', f));
  },
  async getRequest(id: string): Promise<W.SupportRequest> {
    return normRequest(await call('RequestService', 'Get', id));
  },
  async createRequest(r: W.SupportRequest): Promise<W.SupportRequest> {
    return normRequest(await call('RequestService', 'Create', r));
  },
  async updateRequest(r: W.SupportRequest): Promise<W.SupportRequest> {
    return normRequest(await call('RequestService', 'Update', r));
  },
  async appendMessage(id: string, m: W.RequestMessage): Promise<W.SupportRequest> {
    return normRequest(await call('RequestService', 'AppendMessage', id, m));
  },
  async customerHistory(contact: string): Promise<W.RequestSummary[]> {
    return arr(await call('RequestService', 'CustomerHistory', contact));
  },
  async related(r: W.SupportRequest): Promise<W.RelatedGroup[]> {
    return normGroups(await call('RequestService', 'Related', r));
  },
  async suggest(requestId: string, allowStale: boolean): Promise<W.SuggestResult> {
    return normSuggestResult(await call('AssistService', 'Suggest', requestId, allowStale));
  },
  cancel(requestId: string): Promise<boolean> {
    return call('AssistService', 'Cancel', requestId);
  },
  record(ev: W.LedgerEvent): Promise<W.LedgerEvent> {
    return call('AssistService', 'Record', ev);
  },
  async markSent(input: W.SentInput): Promise<W.SupportRequest> {
    return normRequest(await call('AssistService', 'MarkSent', input));
  },
  async check(reply: string, passageIds: string[], requestId: string): Promise<W.SentenceCheck[]> {
    return arr(await call('AssistService', 'Check', reply, passageIds, requestId)).map((s) => ({ ...s, passageIds: arr(s.passageIds) }));
  },
  rate(r: W.ArticleRating): Promise<W.ArticleRating> {
    return call('AssistService', 'Rate', r);
  },
  async articleVersion(id: string, version: number): Promise<ArticleView> {
    return normalizeArticle(await call('ArticleService', 'GetVersion', id, version));
  },
  async passage(passageId: string, version: number): Promise<W.PassageView> {
    const p = await call('ArticleService', 'Passage', passageId, version);
    return { ...p, headings: arr(p.headings), text: p.text ?? '' };
  },
  copyToClipboard(text: string): Promise<void> {
    return call('SystemService', 'CopyToClipboard', text);
  },
  composeMail(to: string, subject: string, body: string): Promise<void> {
    return call('SystemService', 'ComposeMail', to, subject, body);
  },
  getSettings(): Promise<W.SettingsView> {
    return call('SettingsService', 'Get');
  },
  saveSettings(llm: W.LLMSettings, profile: W.Profile): Promise<W.SettingsView> {
    return call('SettingsService', 'Save', llm, profile);
  },
  setApiKey(key: string): Promise<W.SettingsView> {
    return call('SettingsService', 'SetAPIKey', key);
  },
  testConnection(llm: W.LLMSettings): Promise<string> {
    return call('SettingsService', 'TestConnection', llm);
  },
  async ledgerSets(f: W.LedgerFilter): Promise<W.LedgerEntry[]> {
    return arr(await call('LedgerService', 'Sets', f)).map(normEntry);
  },
  async ledgerEvents(setId: string): Promise<W.LedgerEvent[]> {
    return arr(await call('LedgerService', 'Events', setId));
  },
  async ledgerSummary(days: number): Promise<W.ArticleSuggestionStats[]> {
    return arr(await call('LedgerService', 'Summary', days));
  },
};

export type WsApi = typeof wsApi;
