// Mirrors of the Go JSON shapes behind the workspace, settings and ledger
// (knowledge/request.go, ledger.go, rating.go, knowledge/assist/types.go,
// indexer/pipeline/assist.go, passages.go, knowledge/config/config.go,
// app/settings_service.go, app/assist_service.go). time.Time → RFC 3339.
import type { ArticleHit } from './types';

export type Channel = 'email' | 'phone' | 'chat' | 'portal' | 'walk-in';
export const CHANNELS: Channel[] = ['email', 'phone', 'chat', 'portal', 'walk-in'];

export type RequestStatus = 'open' | 'waiting-on-customer' | 'waiting-on-department' | 'resolved';
export const REQUEST_STATUSES: RequestStatus[] = ['open', 'waiting-on-customer', 'waiting-on-department', 'resolved'];

export type MessageAuthor = 'customer' | 'agent' | 'note';

export interface Customer {
  name: string;
  contact: string;
  preferences?: string;
  notes?: string;
}

export interface RequestMessage {
  author: MessageAuthor;
  agentName?: string;
  at?: string;
  text: string;
}

export interface SupportRequest {
  id: string;
  subject: string;
  channel: Channel;
  status: RequestStatus;
  customer: Customer;
  messages: RequestMessage[];
  internalNotes?: string;
  createdAt?: string;
  updatedAt?: string;
  version: number;
}

export interface RequestSummary {
  id: string;
  subject: string;
  channel: Channel;
  status: RequestStatus;
  customerName: string;
  customerContact: string;
  messageCount: number;
  createdAt: string;
  updatedAt: string;
  version: number;
}

export interface RequestFilter {
  statuses: RequestStatus[];
  query: string;
  limit: number;
}

export interface RelatedGroup {
  department: string;
  owner: string;
  articles: ArticleHit[];
}

export type OptionKind = 'llm' | 'extractive' | 'not-in-kb';

export interface Citation {
  passageId: string;
  articleId: string;
  articleVersion: number;
  quote: string;
}

export interface SentenceCheck {
  text: string;
  supported: boolean;
  passageIds: string[];
}

export interface Option {
  title: string;
  reply: string;
  steps: string[];
  citations: Citation[];
  sentences: SentenceCheck[];
  flags: string[];
  kind: OptionKind;
}

export interface PassageRef {
  passageId: string;
  articleId: string;
  articleVersion: number;
}

export interface Suggestion {
  options: Option[];
  provider: string;
  model: string;
  promptHash: string;
  passageIds: string[];
  passages: PassageRef[];
  clarifyingQuestion: string;
  notInKb: boolean;
  repaired: boolean;
}

export interface SuggestResult {
  setId: string;
  suggestion: Suggestion;
  related: RelatedGroup[];
  excluded: PassageRef[];
}

export interface PassageView {
  passageId: string;
  articleId: string;
  articleVersion: number;
  headings: string[];
  text: string;
  current: boolean;
}

export type EventType = 'shown' | 'inserted' | 'edited' | 'discarded' | 'sent';
export type DiscardReason = 'not-relevant' | 'wrong-facts' | 'outdated' | 'tone' | 'incomplete' | 'other';

export interface LedgerEvent {
  id?: number;
  setId: string;
  at?: string;
  agent?: string;
  type: EventType;
  optionIndex: number;
  finalText?: string;
  editDistance?: number;
  reason?: DiscardReason;
  comment?: string;
}

export interface LedgerOption {
  index: number;
  title: string;
  reply: string;
  kind: string;
  citations: string[];
  flags: string[];
}

export interface LedgerEntry {
  setId: string;
  requestId?: string;
  agent: string;
  at: string;
  provider: string;
  model?: string;
  promptHash?: string;
  passages: PassageRef[];
  options: LedgerOption[];
}

export interface LedgerFilter {
  requestId?: string;
  agent?: string;
  articleId?: string;
  limit?: number;
}

export interface ArticleSuggestionStats {
  articleId: string;
  shown: number;
  inserted: number;
  edited: number;
  discarded: number;
  sent: number;
}

export type Verdict = 'helpful' | 'outdated' | 'wrong';

export interface ArticleRating {
  id?: string;
  articleId: string;
  articleVersion: number;
  verdict: Verdict;
  comment?: string;
  requestId?: string;
}

export interface SentInput {
  requestId: string;
  setId: string;
  optionIndex: number;
  finalText: string;
  via: 'clipboard' | 'mail';
}

export type Provider = 'none' | 'ollama' | 'openai';
export type PIIMode = 'auto' | 'always' | 'never';
export type Role = 'agent' | 'editor' | 'supervisor';

export interface LLMSettings {
  provider: Provider;
  baseUrl?: string;
  model?: string;
  timeoutSeconds?: number;
  piiMode?: PIIMode;
  piiPatterns?: Record<string, string>;
}

export interface Profile {
  name: string;
  role: Role;
}

export type EmbeddingProvider = 'builtin' | 'ollama' | 'openai';

export interface EmbeddingSettings {
  provider: EmbeddingProvider;
  baseUrl?: string;
  model?: string;
}

export interface SettingsView {
  llm: LLMSettings;
  profile: Profile;
  embedding: EmbeddingSettings;
  hasApiKey: boolean;
  keyMessage: string;
}

export interface AssistToken {
  requestId: string;
  text: string;
}
