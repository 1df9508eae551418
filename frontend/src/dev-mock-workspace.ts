// Development-only stand-in for the workspace services (requests, assist,
// settings, ledger), used by dev-mock.ts under `npm run dev`. In memory.
import type { ArticleHit, ArticleView, GoApp, SearchResponse } from './lib/types';
import type * as W from './lib/workspace-types';

interface Ctx {
  search(q: string): Promise<SearchResponse>;
  article(id: string): Promise<ArticleView>;
  emit(name: string, data: unknown): void;
}

const wait = (ms: number) => new Promise((r) => setTimeout(r, ms));
const now = () => new Date().toISOString();

export function workspaceMock(ctx: Ctx): Pick<GoApp, 'RequestService' | 'AssistService' | 'SettingsService' | 'LedgerService'> & {
  ArticleExtras: Pick<GoApp['ArticleService'], 'GetVersion' | 'Passage'>;
  SystemExtras: Pick<GoApp['SystemService'], 'CopyToClipboard' | 'ComposeMail'>;
} {
  const requests = new Map<string, W.SupportRequest>();
  const sets: W.LedgerEntry[] = [];
  const events: W.LedgerEvent[] = [];
  const cancelled = new Set<string>();
  let settings: W.SettingsView = { llm: { provider: 'none', piiMode: 'auto' }, profile: { name: 'Dev Agent', role: 'supervisor' }, embedding: { provider: 'builtin' }, hasApiKey: false, keyMessage: 'No API key stored.' };
  const summary = (r: W.SupportRequest): W.RequestSummary => ({
    id: r.id, subject: r.subject, channel: r.channel, status: r.status, customerName: r.customer.name, customerContact: r.customer.contact,
    messageCount: r.messages.length, createdAt: r.createdAt ?? '', updatedAt: r.updatedAt ?? '', version: r.version,
  });
  const hitsFor = async (r: W.SupportRequest) => (await ctx.search([r.subject, ...r.messages.map((m) => m.text)].join(' ').split(/\s+/).slice(0, 2).join(' '))).results;
  const groups = (hits: ArticleHit[]): W.RelatedGroup[] => {
    const m = new Map<string, W.RelatedGroup>();
    for (const h of hits) {
      if (!m.has(h.department)) m.set(h.department, { department: h.department, owner: h.owner, articles: [] });
      m.get(h.department)!.articles.push(h);
    }
    return [...m.values()];
  };
  const record = (ev: W.LedgerEvent) => {
    const e = { ...ev, id: events.length + 1, at: now(), agent: settings.profile.name };
    events.push(e);
    return e;
  };

  return {
    RequestService: {
      async List(f) {
        const q = f.query.toLowerCase();
        return [...requests.values()]
          .filter((r) => (!f.statuses.length || f.statuses.includes(r.status)) && (!q || `${r.subject} ${r.customer.name} ${r.customer.contact}`.toLowerCase().includes(q)))
          .reverse()
          .map(summary);
      },
      async Get(id) {
        const r = requests.get(id);
        if (!r) throw `Request "${id}" not found.`;
        return structuredClone(r);
      },
      async Create(r) {
        const id = `req-${Date.now().toString(16)}`;
        const out = { ...r, id, version: 1, createdAt: now(), updatedAt: now(), messages: r.messages.map((m) => ({ ...m, at: now() })) };
        requests.set(id, out);
        return structuredClone(out);
      },
      async Update(r) {
        const cur = requests.get(r.id);
        if (!cur) throw `Request "${r.id}" not found.`;
        if (cur.version !== r.version) throw `conflict: the request was changed elsewhere (version ${cur.version}, you had ${r.version})`;
        const out = { ...r, version: r.version + 1, updatedAt: now() };
        requests.set(r.id, out);
        return structuredClone(out);
      },
      async AppendMessage(id, m) {
        const cur = requests.get(id)!;
        cur.messages.push({ ...m, at: now(), agentName: m.author === 'customer' ? undefined : settings.profile.name });
        cur.version++;
        return structuredClone(cur);
      },
      async CustomerHistory(contact) {
        return [...requests.values()].filter((r) => r.customer.contact === contact).map(summary);
      },
      async Related(r) {
        return groups(await hitsFor(r));
      },
    },
    AssistService: {
      async Suggest(requestId) {
        const r = requests.get(requestId)!;
        const hits = (await hitsFor(r)).slice(0, 2);
        const options: W.Option[] = hits.map((h) => {
          const p = h.passages[0];
          return {
            title: `Quote “${h.title}”`, reply: p?.text ?? '', steps: [`Check with ${h.department}`], kind: 'extractive', flags: [],
            citations: p ? [{ passageId: p.passageId, articleId: h.articleId, articleVersion: h.version, quote: p.text }] : [],
            sentences: p ? [{ text: p.text, supported: true, passageIds: [p.passageId] }] : [],
          };
        });
        const text = JSON.stringify({ options: options.map((o) => ({ title: o.title, reply: o.reply })) });
        for (let i = 0; i < text.length; i += 16) {
          if (cancelled.delete(requestId)) throw 'suggestion cancelled';
          ctx.emit('assist:token', { requestId, text: text.slice(i, i + 16) });
          await wait(25);
        }
        const set: W.LedgerEntry = {
          setId: `sug-${sets.length + 1}`, requestId, agent: settings.profile.name, at: now(), provider: 'none',
          passages: options.flatMap((o) => o.citations.map((c) => ({ passageId: c.passageId, articleId: c.articleId, articleVersion: c.articleVersion }))),
          options: options.map((o, index) => ({ index, title: o.title, reply: o.reply, kind: o.kind, citations: o.citations.map((c) => c.passageId), flags: [] })),
        };
        sets.unshift(set);
        record({ setId: set.setId, type: 'shown', optionIndex: -1 });
        return {
          setId: set.setId, related: groups(hits), excluded: [],
          suggestion: { options, provider: 'none', model: '', promptHash: '', passageIds: set.passages.map((p) => p.passageId), passages: set.passages, clarifyingQuestion: '', notInKb: false, repaired: false },
        };
      },
      async Cancel(requestId) {
        cancelled.add(requestId);
        return true;
      },
      async Record(ev) {
        return record(ev);
      },
      async MarkSent(i) {
        if (i.setId && i.optionIndex >= 0) {
          const orig = sets.find((s) => s.setId === i.setId)?.options[i.optionIndex]?.reply;
          if (orig !== i.finalText) record({ setId: i.setId, type: 'edited', optionIndex: i.optionIndex, finalText: i.finalText });
          record({ setId: i.setId, type: 'sent', optionIndex: i.optionIndex, finalText: i.finalText, comment: `via ${i.via}` });
        }
        const cur = requests.get(i.requestId)!;
        cur.messages.push({ author: 'agent', agentName: settings.profile.name, at: now(), text: i.finalText });
        return structuredClone(cur);
      },
      async Check(reply) {
        return reply.split(/(?<=[.!?])\s+/).filter(Boolean).map((text) => ({ text, supported: text.length > 25, passageIds: [] }));
      },
      async Rate(r) {
        return { ...r, id: 'rat-1' };
      },
    },
    SettingsService: {
      async Get() {
        return settings;
      },
      async Save(llm, profile) {
        if (!profile.name.trim()) throw 'enter your name: it is recorded with every suggestion you use';
        settings = { ...settings, llm, profile };
        return settings;
      },
      async SetAPIKey(key) {
        settings = { ...settings, hasApiKey: !!key, keyMessage: key ? 'An API key is stored in the OS keychain (dev mock).' : 'No API key stored.' };
        return settings;
      },
      async TestConnection(llm) {
        await wait(300);
        if (llm.provider === 'none') return 'No model configured: suggestions are quoted from the knowledge base.';
        throw `Could not reach ${llm.baseUrl || 'the server'} (dev mock): is it running?`;
      },
      async SaveEmbedding(e) {
        await wait(300);
        settings = { ...settings, embedding: e };
        return settings;
      },
    },
    LedgerService: {
      async Sets() {
        return sets;
      },
      async Events(setId) {
        return events.filter((e) => e.setId === setId);
      },
      async Summary() {
        return [];
      },
    },
    ArticleExtras: {
      async GetVersion(id) {
        return ctx.article(id);
      },
      async Passage(passageId) {
        const a = await ctx.article(passageId.split('#')[0]);
        return { passageId, articleId: a.id, articleVersion: a.version, headings: [], text: a.html.replace(/<[^>]+>/g, ' ').slice(0, 200), current: true };
      },
    },
    SystemExtras: {
      async CopyToClipboard(text) {
        await navigator.clipboard?.writeText(text).catch(() => {});
      },
      async ComposeMail(to, subject) {
        console.info('[dev-mock] ComposeMail', to, subject);
      },
    },
  };
}
