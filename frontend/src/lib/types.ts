// Mirrors of the Go JSON shapes (app/dto.go, knowledge/search/types.go).
// Workspace, settings and ledger shapes live in workspace-types.ts.
import type * as W from './workspace-types';

// Go encodes nil slices as null, so every array may arrive as null; the api
// layer normalises them to [] before the UI sees them.

export type Mode = 'hybrid' | 'bm25' | 'vector';

export interface Filters {
  departments: string[];
  tags: string[];
  languages: string[];
  audiences: string[];
  /** Empty means published only. */
  statuses: string[];
}

export interface SearchRequest {
  query: string;
  mode: Mode;
  filters: Filters;
  /** Number of articles returned (default 20). */
  limit: number;
  /** Passages kept per article (default 3). */
  passagesPerArticle: number;
  /** Treat the last term as a prefix and tolerate typos. */
  asYouType: boolean;
}

export interface PassageHit {
  passageId: string;
  headings: string[];
  /** Plain text with matches wrapped in <mark>; everything else escaped. */
  snippet: string;
  text: string;
  score: number;
  bm25Rank: number;
  vectorRank: number;
}

export type Audience = 'internal' | 'customer-facing' | (string & {});
export type ArticleStatus = 'draft' | 'review' | 'published' | 'archived' | (string & {});

export interface ArticleHit {
  articleId: string;
  title: string;
  department: string;
  tags: string[];
  language: string;
  audience: Audience;
  status: ArticleStatus;
  owner: string;
  version: number;
  score: number;
  /** Neither retriever vouches for it: shown as "possibly related". */
  weak?: boolean;
  passages: PassageHit[];
}

export interface FacetCount {
  value: string;
  count: number;
}

export interface Facets {
  departments: FacetCount[];
  tags: FacetCount[];
  languages: FacetCount[];
}

export interface SearchResponse {
  query: string;
  mode: Mode;
  total: number;
  tookMs: number;
  results: ArticleHit[];
  facets: Facets;
}

export interface Heading {
  level: number;
  text: string;
  id: string;
}

export interface ArticleView {
  id: string;
  title: string;
  department: string;
  tags: string[];
  language: string;
  audience: Audience;
  status: ArticleStatus;
  owner: string;
  /** YYYY-MM-DD or "". */
  reviewBy: string;
  /** RFC 3339. */
  updatedAt: string;
  version: number;
  /** The review-by date has passed. */
  stale: boolean;
  /** Sanitised server-side. */
  html: string;
  headings: Heading[];
}

export type IndexStateName = 'ready' | 'importing' | 'indexing' | 'repairing' | 'error' | (string & {});

export interface IndexState {
  articles: number;
  total: number;
  passages: number;
  embedder: string;
  state: IndexStateName;
  message: string;
  done: number;
  of: number;
  dataDir: string;
}

export interface Progress {
  phase: 'import' | 'index' | 'repair' | 'reembed' | (string & {});
  done: number;
  total: number;
  message: string;
}

export interface EventMap {
  'index:progress': Progress;
  'index:state': IndexState;
  'kb:changed': string[];
  'assist:token': W.AssistToken;
}

export type EventName = keyof EventMap;

/** The bound Go services as the Wails runtime exposes them. */
export interface GoApp {
  SearchService: { Search(req: SearchRequest): Promise<SearchResponse> };
  ArticleService: {
    Get(id: string): Promise<ArticleView>;
    Departments(): Promise<FacetCount[]>;
    GetVersion?(id: string, version: number): Promise<ArticleView>;
    Passage?(passageId: string, version: number): Promise<W.PassageView>;
  };
  StatusService: { State(): Promise<IndexState> };
  SystemService: {
    OpenExternal(url: string): Promise<void>;
    CopyToClipboard?(text: string): Promise<void>;
    ComposeMail?(to: string, subject: string, body: string): Promise<void>;
  };
  RequestService: {
    List(f: W.RequestFilter): Promise<W.RequestSummary[]>;
    Get(id: string): Promise<W.SupportRequest>;
    Create(r: W.SupportRequest): Promise<W.SupportRequest>;
    Update(r: W.SupportRequest): Promise<W.SupportRequest>;
    AppendMessage(id: string, m: W.RequestMessage): Promise<W.SupportRequest>;
    CustomerHistory(contact: string): Promise<W.RequestSummary[]>;
    Related(r: W.SupportRequest): Promise<W.RelatedGroup[]>;
  };
  AssistService: {
    Suggest(requestId: string, allowStale: boolean): Promise<W.SuggestResult>;
    Cancel(requestId: string): Promise<boolean>;
    Record(ev: W.LedgerEvent): Promise<W.LedgerEvent>;
    MarkSent(input: W.SentInput): Promise<W.SupportRequest>;
    Check(reply: string, passageIds: string[], requestId: string): Promise<W.SentenceCheck[]>;
    Rate(r: W.ArticleRating): Promise<W.ArticleRating>;
  };
  SettingsService: {
    Get(): Promise<W.SettingsView>;
    Save(llm: W.LLMSettings, profile: W.Profile): Promise<W.SettingsView>;
    SetAPIKey(key: string): Promise<W.SettingsView>;
    TestConnection(llm: W.LLMSettings): Promise<string>;
    SaveEmbedding(e: W.EmbeddingSettings): Promise<W.SettingsView>;
  };
  LedgerService: {
    Sets(f: W.LedgerFilter): Promise<W.LedgerEntry[]>;
    Events(setId: string): Promise<W.LedgerEvent[]>;
    Summary(days: number): Promise<W.ArticleSuggestionStats[]>;
  };
}

export interface WailsRuntime {
  EventsOnMultiple?(name: string, cb: (...data: unknown[]) => void, maxCallbacks: number): (() => void) | void;
  EventsOn?(name: string, cb: (...data: unknown[]) => void): (() => void) | void;
  EventsOff?(name: string, ...more: string[]): void;
}

declare global {
  interface Window {
    go?: { app?: Partial<GoApp> };
    runtime?: WailsRuntime;
  }
}
