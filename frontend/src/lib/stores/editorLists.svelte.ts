// The Knowledge view's left side: the article list with status, department
// and text filters, and the attention lists (stale, flagged, gaps,
// near-duplicates, text addressed to an AI), each loaded on demand and refreshed after writes.
import { untrack } from 'svelte';
import * as EditorService from 'wailsjs/go/app/EditorService';
import * as AttentionService from 'wailsjs/go/app/AttentionService';
import type { core, knowledge } from 'wailsjs/go/models';
import { errorMessage } from '../errors';


export interface ListsDeps {
  EditorService: Pick<typeof EditorService, 'List'> & Partial<Pick<typeof EditorService, 'Revisions'>>;
  AttentionService: Pick<typeof AttentionService, 'Stale' | 'Flagged' | 'Gaps' | 'Duplicates' | 'Suspicious'> &
    Partial<Pick<typeof AttentionService, 'Curation' | 'ResolveCuration'>>;
}

export type ListTab = 'articles' | 'revisions' | 'stale' | 'flagged' | 'suggestions' | 'gaps' | 'duplicates' | 'suspicious';
export const LIST_TABS: { id: ListTab; label: string }[] = [
  { id: 'articles', label: 'Articles' },
  { id: 'revisions', label: 'Revisions' }, // edits of published articles waiting for review
  { id: 'stale', label: 'Stale' },
  { id: 'flagged', label: 'Flagged' },
  { id: 'suggestions', label: 'Discarded' }, // curation loop: articles suggestions were discarded or heavily edited against
  { id: 'gaps', label: 'Gaps' },
  { id: 'duplicates', label: 'Duplicates' },
  { id: 'suspicious', label: 'Suspicious' },
];

export const STALE_DAYS = 30;
export const GAP_DAYS = 30;
export const DUPLICATE_THRESHOLD = 0.85;


export class EditorListsStore {
  tab = $state<ListTab>('articles');
  statuses = $state<string[]>([]);
  department = $state('');
  query = $state('');

  articles = $state<core.ArticleSummary[]>([]);
  stale = $state<core.ArticleSummary[]>([]);
  flagged = $state<knowledge.FlaggedArticle[]>([]);
  curation = $state<core.CurationItem[]>([]);
  resolved = $state<core.CurationResolution | null>(null);
  gaps = $state<core.GapCluster[]>([]);
  duplicates = $state<core.DuplicatePair[]>([]);
  suspicious = $state<core.SuspiciousArticle[]>([]);
  revisions = $state<core.RevisionView[]>([]);
  /** Departments seen in the unfiltered list. */
  departments = $state<string[]>([]);

  /** What the main area shows. */
  main = $state<'editor' | 'compare' | 'transfer' | 'revision'>('editor');
  /** The near-duplicate pair being compared. */
  compare = $state<core.DuplicatePair | null>(null);

  loading = $state<Partial<Record<ListTab, boolean>>>({});
  errors = $state<Partial<Record<ListTab, string | null>>>({});
  loaded = $state<Partial<Record<ListTab, boolean>>>({});

  #go: ListsDeps;
  #seq: Partial<Record<ListTab, number>> = {};
  #timer: ReturnType<typeof setTimeout> | undefined;
  #debounceMs: number;

  constructor(deps: ListsDeps = { EditorService, AttentionService }, debounceMs = 200) {
    this.#go = deps;
    this.#debounceMs = debounceMs;
  }

  readonly filterCount = $derived(this.statuses.length + (this.department ? 1 : 0) + (this.query.trim() ? 1 : 0));

  async #run<T>(tab: ListTab, fn: () => Promise<T>, set: (v: T) => void): Promise<void> {
    const seq = (this.#seq[tab] = (this.#seq[tab] ?? 0) + 1);
    this.loading = { ...this.loading, [tab]: true };
    try {
      const v = await fn();
      if (seq !== this.#seq[tab]) return;
      set(v);
      this.errors = { ...this.errors, [tab]: null };
      this.loaded = { ...this.loaded, [tab]: true };
    } catch (err) {
      if (seq === this.#seq[tab]) this.errors = { ...this.errors, [tab]: errorMessage(err) };
    } finally {
      if (seq === this.#seq[tab]) this.loading = { ...this.loading, [tab]: false };
    }
  }

  load(tab: ListTab = this.tab): Promise<void> {
    switch (tab) {
      case 'articles':
        return this.#run(
          'articles',
          () => this.#go.EditorService.List({ statuses: $state.snapshot(this.statuses), department: this.department, query: this.query.trim() }),
          (v) => {
            this.articles = v;
            if (!this.statuses.length && !this.department && !this.query.trim()) this.#learnDepartments(v);
          },
        );
      case 'stale':
        return this.#run('stale', () => this.#go.AttentionService.Stale(STALE_DAYS), (v) => (this.stale = v));
      case 'flagged':
        return this.#run('flagged', () => this.#go.AttentionService.Flagged(), (v) => (this.flagged = v));
      case 'suggestions':
        return this.#run('suggestions', () => this.#go.AttentionService.Curation?.(0) ?? Promise.resolve([]), (v) => (this.curation = v));
      case 'gaps':
        return this.#run('gaps', () => this.#go.AttentionService.Gaps(GAP_DAYS), (v) => (this.gaps = v));
      case 'duplicates':
        return this.#run('duplicates', () => this.#go.AttentionService.Duplicates(DUPLICATE_THRESHOLD), (v) => (this.duplicates = v));
      case 'suspicious':
        return this.#run('suspicious', () => this.#go.AttentionService.Suspicious(), (v) => (this.suspicious = v));
      case 'revisions':
        return this.#run('revisions', () => this.#go.EditorService.Revisions?.() ?? Promise.resolve([]), (v) => (this.revisions = v));
    }
  }

  /** Resolves an article's curation item with the editor's note, then reloads the list. */
  async resolveCuration(articleId: string, note: string): Promise<void> {
    try {
      this.resolved = (await this.#go.AttentionService.ResolveCuration?.(articleId, note, 0)) ?? null;
      this.errors.suggestions = null;
    } catch (err) {
      this.errors.suggestions = errorMessage(err);
      return;
    }
    await this.load('suggestions');
  }

  #learnDepartments(v: core.ArticleSummary[]) {
    const set = new Set(this.departments);
    for (const a of v) if (a.department) set.add(a.department);
    this.departments = [...set].sort((a, b) => a.localeCompare(b));
  }

  addDepartments(names: string[]): void {
    const cur = untrack(() => this.departments);
    const fresh = names.filter((n) => n && !cur.includes(n));
    if (fresh.length) this.departments = [...new Set([...cur, ...fresh])].sort((a, b) => a.localeCompare(b));
  }

  show(tab: ListTab): void {
    this.tab = tab;
    if (!this.loaded[tab]) void this.load(tab);
  }

  toggleStatus(s: string): void {
    this.statuses = this.statuses.includes(s) ? this.statuses.filter((x) => x !== s) : [...this.statuses, s];
    void this.load('articles');
  }

  setDepartment(d: string): void {
    this.department = d;
    void this.load('articles');
  }

  setQuery(q: string): void {
    this.query = q;
    clearTimeout(this.#timer);
    this.#timer = setTimeout(() => void this.load('articles'), this.#debounceMs);
  }

  clearFilters(): void {
    this.statuses = [];
    this.department = '';
    this.query = '';
    void this.load('articles');
  }

  /** Reloads one list if it was shown before (an event says it may have changed). */
  refreshLoaded(tab: ListTab): void {
    if (this.loaded[tab]) void this.load(tab);
  }

  /** After a write: refresh what is loaded (the current tab first). */
  refresh(): void {
    void this.load(this.tab);
    for (const t of Object.keys(this.loaded) as ListTab[]) if (t !== this.tab && this.loaded[t]) void this.load(t);
  }
}

export const editorLists = new EditorListsStore();
