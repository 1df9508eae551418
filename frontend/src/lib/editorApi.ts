// Typed wrappers over window.go.app.EditorService (app/EDITOR_API.md) and
// the shapes it speaks. Kept apart from api.ts/types.ts so the editor can
// evolve without touching the shared files; the call/normalise helpers are
// the same ones the rest of the app uses.
import { arr, BackendError, errorMessage } from './api';
import type { ArticleStatus } from './types';

export type EditorStatus = 'draft' | 'review' | 'published' | 'archived';
export const STATUSES: EditorStatus[] = ['draft', 'review', 'published', 'archived'];

export interface ArticleSummary {
  id: string;
  title: string;
  department: string;
  language: string;
  audience: string;
  status: ArticleStatus;
  owner: string;
  version: number;
  updatedAt: string;
  reviewBy: string;
  stale: boolean;
  flagged: boolean;
  tags: string[];
}

export interface EditableArticle {
  id: string;
  title: string;
  body: string;
  department: string;
  tags: string[];
  language: string;
  audience: string;
  status: ArticleStatus;
  owner: string;
  reviewBy: string;
  version: number;
  updatedAt: string;
  statusBy: string;
  statusAt: string;
}

export interface ArticleInput {
  id: string;
  title: string;
  body: string;
  department: string;
  tags: string[];
  language: string;
  audience: string;
  owner: string;
  reviewBy: string;
}

export type DiffOp = 'equal' | 'insert' | 'delete';
export interface DiffLine {
  op: DiffOp;
  text: string;
  oldNo: number;
  newNo: number;
}

export interface Conflict {
  mine: ArticleInput;
  theirs: EditableArticle;
  baseVersion: number;
  /** base → theirs body */
  diff: DiffLine[];
  /** base → mine body */
  mineDiff: DiffLine[];
}

export interface SaveResult {
  article: EditableArticle;
  conflict: Conflict | null;
}

export interface VersionInfo {
  version: number;
  author: string;
  message: string;
  at: string;
  status: ArticleStatus;
  title: string;
}

export interface PreviewResult {
  html: string;
  headings: { level: number; text: string; id: string }[];
  links: string[];
  brokenLinks: string[];
}

export interface GapCluster {
  label: string;
  count: number;
  examples: string[];
  lastAt: string;
}

export interface DuplicatePair {
  a: ArticleSummary;
  b: ArticleSummary;
  similarity: number;
}

export interface ImportPlan {
  source: string;
  create: string[];
  update: string[];
  unchanged: string[];
  archive: string[];
  failed: { path: string; reason: string }[];
}

export interface LinkTarget {
  id: string;
  title: string;
  department: string;
}

export interface FlaggedRating {
  id: string;
  articleId: string;
  articleVersion: number;
  agent: string;
  at: string;
  verdict: 'helpful' | 'outdated' | 'wrong' | (string & {});
  comment?: string;
  requestId?: string;
}

export interface FlaggedArticle {
  articleId: string;
  title: string;
  owner: string;
  version: number;
  updatedAt: string;
  outdated: number;
  wrong: number;
  lastFlaggedAt: string;
  latest: FlaggedRating[];
}

export interface ListFilter {
  statuses: string[];
  department: string;
  query: string;
}

type Fn = (...a: unknown[]) => Promise<unknown>;

function service(name: string): Record<string, Fn> | undefined {
  const app = window.go?.app as Record<string, unknown> | undefined;
  return app?.[name] as Record<string, Fn> | undefined;
}

/** Whether the running backend binds a method (the editor service may be absent in older builds). */
export function hasMethod(svc: string, method: string): boolean {
  const s = service(svc);
  try {
    return typeof s?.[method] === 'function';
  } catch {
    return false;
  }
}

async function invoke<T>(svc: string, method: string, ...args: unknown[]): Promise<T> {
  const s = service(svc);
  const fn = s?.[method];
  if (typeof fn !== 'function') throw new BackendError(`The app backend is not available (${svc}.${method}).`);
  try {
    return (await fn.apply(s, args)) as T;
  } catch (err) {
    throw new BackendError(errorMessage(err));
  }
}

const ed = <T>(method: string, ...args: unknown[]) => invoke<T>('EditorService', method, ...args);

export function normSummary(s: ArticleSummary): ArticleSummary {
  return { ...s, tags: arr(s.tags) };
}

export function normArticle(a: EditableArticle): EditableArticle {
  return {
    ...a,
    body: a.body ?? '',
    tags: arr(a.tags),
    statusBy: a.statusBy ?? '',
    statusAt: a.statusAt ?? '',
    reviewBy: a.reviewBy ?? '',
    owner: a.owner ?? '',
  };
}

export function normInput(i: ArticleInput): ArticleInput {
  return { ...i, tags: arr(i.tags), body: i.body ?? '', reviewBy: i.reviewBy ?? '', owner: i.owner ?? '' };
}

function normPlan(p: ImportPlan): ImportPlan {
  return {
    source: p?.source ?? '',
    create: arr(p?.create),
    update: arr(p?.update),
    unchanged: arr(p?.unchanged),
    archive: arr(p?.archive),
    failed: arr(p?.failed),
  };
}

export const editorApi = {
  async list(f: ListFilter): Promise<ArticleSummary[]> {
    return arr(await ed<ArticleSummary[]>('List', f)).map(normSummary);
  },
  async load(id: string): Promise<EditableArticle> {
    return normArticle(await ed<EditableArticle>('Load', id));
  },
  async preview(markdown: string): Promise<PreviewResult> {
    const p = await ed<PreviewResult>('Preview', markdown);
    return { html: p?.html ?? '', headings: arr(p?.headings), links: arr(p?.links), brokenLinks: arr(p?.brokenLinks) };
  },
  async create(input: ArticleInput): Promise<EditableArticle> {
    return normArticle(await ed<EditableArticle>('Create', input));
  },
  async save(input: ArticleInput, expectedVersion: number, message: string): Promise<SaveResult> {
    const r = await ed<SaveResult>('Save', input, expectedVersion, message);
    const c = r?.conflict;
    return {
      article: normArticle(r.article ?? (c?.theirs as EditableArticle)),
      conflict: c
        ? { ...c, mine: normInput(c.mine), theirs: normArticle(c.theirs), diff: arr(c.diff), mineDiff: arr(c.mineDiff) }
        : null,
    };
  },
  async setStatus(id: string, status: string, expectedVersion: number, note: string): Promise<EditableArticle> {
    return normArticle(await ed<EditableArticle>('SetStatus', id, status, expectedVersion, note));
  },
  async versions(id: string): Promise<VersionInfo[]> {
    return arr(await ed<VersionInfo[]>('Versions', id));
  },
  async diff(id: string, from: number, to: number): Promise<DiffLine[]> {
    return arr(await ed<DiffLine[]>('Diff', id, from, to));
  },
  async restore(id: string, version: number, expectedVersion: number): Promise<EditableArticle> {
    return normArticle(await ed<EditableArticle>('Restore', id, version, expectedVersion));
  },
  autosave(id: string, input: ArticleInput): Promise<void> {
    return ed<void>('Autosave', id, input);
  },
  async loadAutosave(id: string): Promise<ArticleInput | null> {
    const r = await ed<ArticleInput | null>('LoadAutosave', id);
    return r ? normInput(r) : null;
  },
  discardAutosave(id: string): Promise<void> {
    return ed<void>('DiscardAutosave', id);
  },
  async linkTargets(prefix: string): Promise<LinkTarget[]> {
    return arr(await ed<LinkTarget[]>('LinkTargets', prefix));
  },
  addAttachment(articleId: string, fileName: string, base64: string): Promise<{ path: string }> {
    return ed<{ path: string }>('AddAttachment', articleId, fileName, base64);
  },
  async stale(withinDays: number): Promise<ArticleSummary[]> {
    return arr(await ed<ArticleSummary[]>('Stale', withinDays)).map(normSummary);
  },
  async flagged(): Promise<FlaggedArticle[]> {
    return arr(await ed<FlaggedArticle[]>('Flagged')).map((f) => ({ ...f, latest: arr(f.latest) }));
  },
  async gaps(days: number): Promise<GapCluster[]> {
    return arr(await ed<GapCluster[]>('Gaps', days)).map((g) => ({ ...g, examples: arr(g.examples) }));
  },
  async duplicates(threshold: number): Promise<DuplicatePair[]> {
    return arr(await ed<DuplicatePair[]>('Duplicates', threshold)).map((d) => ({ ...d, a: normSummary(d.a), b: normSummary(d.b) }));
  },
  async importPreview(folder: string): Promise<ImportPlan> {
    return normPlan(await ed<ImportPlan>('ImportPreview', folder));
  },
  async importApply(folder: string): Promise<ImportPlan> {
    return normPlan(await ed<ImportPlan>('ImportApply', folder));
  },
  export(folder: string, status: string): Promise<number> {
    return ed<number>('Export', folder, status);
  },
  pickFolder(title: string): Promise<string> {
    return invoke<string>('SystemService', 'PickFolder', title);
  },
  canPickFolder(): boolean {
    return hasMethod('SystemService', 'PickFolder');
  },
};

export type EditorApi = typeof editorApi;
