// Development-only stand-in for the Go backend (window.go.app.* and
// window.runtime.*). Loaded by main.ts only when import.meta.env.DEV is true
// and no real backend is present; never part of a production bundle.
import type {
  ArticleHit,
  ArticleView,
  FacetCount,
  GoApp,
  IndexState,
  SearchRequest,
  SearchResponse,
} from './lib/types';
import { workspaceMock } from './dev-mock-workspace';

type Listener = (...data: unknown[]) => void;
const listeners = new Map<string, Set<Listener>>();
function emit(name: string, data: unknown) {
  for (const cb of listeners.get(name) ?? []) cb(data);
}

const esc = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

interface MockArticle extends Omit<ArticleView, 'html' | 'headings' | 'stale'> {
  body: { heading: string; text: string }[];
}

const articles: MockArticle[] = [
  {
    id: 'billing-refunds',
    title: 'Issuing a refund for a cancelled appointment',
    department: 'Billing',
    tags: ['refund', 'cancellation', 'payments'],
    language: 'en',
    audience: 'internal',
    status: 'published',
    owner: 'Priya Natarajan',
    reviewBy: '2025-01-31',
    updatedAt: '2024-11-02T09:30:00Z',
    version: 4,
    body: [
      { heading: 'When a refund applies', text: 'Patients who cancel at least 24 hours ahead get a full refund of the booking deposit.' },
      { heading: 'Steps', text: 'Open the invoice, choose Refund, and select the original payment method. Refunds reach cards in 5–10 working days.' },
      { heading: 'Exceptions', text: 'No-shows are not refunded. See rescheduling policy for late changes.' },
    ],
  },
  {
    id: 'scheduling-reschedule',
    title: 'Rescheduling and late cancellations',
    department: 'Scheduling',
    tags: ['appointments', 'cancellation'],
    language: 'en',
    audience: 'customer-facing',
    status: 'published',
    owner: 'Tom Okafor',
    reviewBy: '2027-06-30',
    updatedAt: '2025-03-14T12:00:00Z',
    version: 2,
    body: [
      { heading: 'Policy', text: 'Appointments can be moved free of charge up to 24 hours before the start time.' },
      { heading: 'Late changes', text: 'Later changes may incur a fee; a refund of the deposit is at the clinic manager’s discretion.' },
    ],
  },
  {
    id: 'records-request',
    title: 'Requesting a copy of medical records',
    department: 'Medical Records',
    tags: ['records', 'privacy'],
    language: 'en',
    audience: 'customer-facing',
    status: 'published',
    owner: 'Dana Whitfield',
    reviewBy: '2027-01-01',
    updatedAt: '2025-05-01T08:00:00Z',
    version: 7,
    body: [{ heading: 'How to request', text: 'Patients submit the records request form online; identity is verified before release.' }],
  },
  {
    id: 'tech-portal-login',
    title: 'Patient portal: password reset and login problems',
    department: 'Technical Support',
    tags: ['portal', 'login', 'password'],
    language: 'en',
    audience: 'customer-facing',
    status: 'published',
    owner: 'Lee Marsh',
    reviewBy: '',
    updatedAt: '2025-02-20T16:45:00Z',
    version: 3,
    body: [{ heading: 'Reset the password', text: 'Use “Forgot password” on the sign-in page. Links expire after 30 minutes.' }],
  },
  {
    id: 'billing-refunds-ru',
    title: 'Возврат средств за отменённый приём',
    department: 'Billing',
    tags: ['refund'],
    language: 'ru',
    audience: 'customer-facing',
    status: 'published',
    owner: 'Priya Natarajan',
    reviewBy: '2027-01-01',
    updatedAt: '2025-01-10T10:00:00Z',
    version: 1,
    body: [{ heading: 'Условия возврата', text: 'Если приём отменён не позднее чем за 24 часа, депозит возвращается полностью.' }],
  },
  {
    id: 'lab-results-th',
    title: 'การรับผลตรวจทางห้องปฏิบัติการ',
    department: 'Lab & Pharmacy',
    tags: ['lab', 'results'],
    language: 'th',
    audience: 'customer-facing',
    status: 'published',
    owner: 'Somchai P.',
    reviewBy: '2027-01-01',
    updatedAt: '2025-04-04T04:00:00Z',
    version: 2,
    body: [{ heading: 'ระยะเวลา', text: 'ผลตรวจเลือดส่วนใหญ่จะพร้อมภายใน 2 วันทำการ' }],
  },
];

const slug = (s: string) => s.toLowerCase().replace(/[^\p{L}\p{N}]+/gu, '-').replace(/^-|-$/g, '');

function view(a: MockArticle): ArticleView {
  const headings = a.body.map((b) => ({ level: 2, text: b.heading, id: slug(b.heading) }));
  let html = a.body.map((b) => `<h2 id="${slug(b.heading)}">${esc(b.heading)}</h2><p>${esc(b.text)}</p>`).join('');
  if (a.id === 'billing-refunds') {
    html +=
      '<blockquote><p>Refunds over $500 need a supervisor.</p></blockquote>' +
      '<table><thead><tr><th>Method</th><th>Time</th></tr></thead><tbody><tr><td>Card</td><td>5–10 days</td></tr><tr><td>Bank transfer</td><td>3 days</td></tr></tbody></table>' +
      '<ul><li><input type="checkbox" checked disabled> Verify identity</li><li><input type="checkbox" disabled> Issue refund</li></ul>' +
      '<p>See <a href="#/article/scheduling-reschedule" data-article="scheduling-reschedule">Rescheduling and late cancellations</a> and the <a href="https://example.org/refund-policy" data-external="true" rel="noopener noreferrer">public refund policy</a>.<sup><a href="#fn:1" id="fnref:1">1</a></sup> Use <code>REFUND-DEP</code>.</p>' +
      '<section class="footnotes"><hr><ol><li id="fn:1"><p>Approved by Finance in 2024. <a href="#fnref:1">↩</a></p></li></ol></section>';
  }
  return { ...a, html, headings, stale: !!a.reviewBy && new Date(a.reviewBy) < new Date() };
}

function count(values: string[]): FacetCount[] {
  const m = new Map<string, number>();
  for (const v of values) m.set(v, (m.get(v) ?? 0) + 1);
  return [...m].map(([value, count]) => ({ value, count })).sort((a, b) => b.count - a.count || a.value.localeCompare(b.value));
}

function highlight(text: string, terms: string[]): string {
  let out = esc(text);
  for (const t of terms) {
    if (!t) continue;
    out = out.replace(new RegExp(`(${t.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}[\\p{L}\\p{N}]*)`, 'giu'), '<mark>$1</mark>');
  }
  return out;
}

const state: IndexState = {
  articles: articles.length,
  total: articles.length,
  passages: articles.reduce((n, a) => n + a.body.length, 0),
  embedder: 'mock-hash-256',
  state: 'indexing',
  message: 'Indexing sample knowledge base',
  done: 0,
  of: articles.length,
  dataDir: '~/.local/share/concierge (dev mock)',
};

const app = {
  SearchService: {
    async Search(req: SearchRequest): Promise<SearchResponse> {
      await new Promise((r) => setTimeout(r, 40 + Math.random() * 120));
      const q = req.query.trim().toLowerCase();
      if (q === 'error') throw 'The search index is unavailable (mock error).';
      const terms = q.split(/\s+/).filter(Boolean);
      const f = req.filters;
      const matched = articles.filter((a) => {
        const hay = [a.title, ...a.tags, ...a.body.flatMap((b) => [b.heading, b.text])].join(' ').toLowerCase();
        return terms.every((t) => hay.includes(t));
      });
      const filtered = matched.filter(
        (a) =>
          (!f.departments.length || f.departments.includes(a.department)) &&
          (!f.tags.length || f.tags.some((t) => a.tags.includes(t))) &&
          (!f.languages.length || f.languages.includes(a.language)) &&
          (!f.audiences.length || f.audiences.includes(a.audience)),
      );
      const results: ArticleHit[] = filtered.map((a, i) => ({
        articleId: a.id,
        title: a.title,
        department: a.department,
        tags: a.tags,
        language: a.language,
        audience: a.audience,
        status: a.status,
        owner: a.owner,
        version: a.version,
        score: 1 / (i + 1),
        passages: a.body
          .filter((b) => terms.some((t) => (b.heading + ' ' + b.text).toLowerCase().includes(t)))
          .concat(a.body)
          .slice(0, 2)
          .map((b, j) => ({
            passageId: `${a.id}#${j}`,
            headings: [a.title, b.heading],
            snippet: highlight(b.text, terms),
            text: b.text,
            score: 1,
            bm25Rank: j + 1,
            vectorRank: 0,
          })),
      }));
      return {
        query: req.query,
        mode: req.mode,
        total: results.length,
        tookMs: 3.2,
        results: results.slice(0, req.limit),
        facets: {
          departments: count(filtered.map((a) => a.department)),
          tags: count(filtered.flatMap((a) => a.tags)),
          languages: count(filtered.map((a) => a.language)),
        },
      };
    },
  },
  ArticleService: {
    async Get(id: string) {
      await new Promise((r) => setTimeout(r, 60));
      const a = articles.find((x) => x.id === id);
      if (!a) throw `Article "${id}" not found.`;
      return view(a);
    },
    async Departments() {
      return count(articles.map((a) => a.department));
    },
  },
  StatusService: {
    async State() {
      return { ...state };
    },
  },
  SystemService: {
    async OpenExternal(url: string) {
      console.info('[dev-mock] OpenExternal', url);
      window.open(url, '_blank', 'noopener');
    },
  },
} satisfies Partial<GoApp>;

const ws = workspaceMock({
  search: (q) => app.SearchService.Search({ query: q, mode: 'hybrid', filters: { departments: [], tags: [], languages: [], audiences: [], statuses: [] }, limit: 6, passagesPerArticle: 2, asYouType: false }),
  article: (id) => app.ArticleService.Get(id),
  emit,
});
Object.assign(app, { RequestService: ws.RequestService, AssistService: ws.AssistService, SettingsService: ws.SettingsService, LedgerService: ws.LedgerService });
Object.assign(app.ArticleService, ws.ArticleExtras);
Object.assign(app.SystemService, ws.SystemExtras);

window.go = { app };
window.runtime = {
  EventsOnMultiple(name, cb) {
    let set = listeners.get(name);
    if (!set) listeners.set(name, (set = new Set()));
    set.add(cb);
    return () => set.delete(cb);
  },
};

// Simulate the first-run indexing so the progress bar can be seen.
let done = 0;
const timer = setInterval(() => {
  done++;
  emit('index:progress', { phase: 'index', done, total: articles.length, message: `Embedding passages (${done}/${articles.length})` });
  if (done >= articles.length) {
    clearInterval(timer);
    state.state = 'ready';
    state.message = '';
    state.done = done;
    emit('index:state', { ...state });
  }
}, 500);
