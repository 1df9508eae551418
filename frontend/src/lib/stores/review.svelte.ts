// Supervisor review: the filtered, sorted, paged list of suggestion sets,
// the open set's detail (diff, passages as they were), the dashboard, the
// ledger's chain check and the export of the filtered view. Kept live by
// ledger:changed.
import * as ReviewService from 'wailsjs/go/app/ReviewService';
import type { app, core, knowledge } from 'wailsjs/go/models';
import { errorMessage } from '../errors';

export interface ReviewDeps {
  ReviewService: Pick<typeof ReviewService, 'List' | 'Detail' | 'Dashboard' | 'Verify' | 'Export'>;
}

export const PAGE_SIZE = 50;

/** What the filter bar edits: dates as YYYY-MM-DD (inclusive), '' = any. */
export interface ReviewFilterForm {
  from: string;
  to: string;
  agent: string;
  department: string;
  outcome: string;
  provider: string;
  model: string;
  articleId: string;
  unverified: boolean;
}

export const emptyFilter = (): ReviewFilterForm => ({
  from: '', to: '', agent: '', department: '', outcome: '', provider: '', model: '', articleId: '', unverified: false,
});

export type SortKey = 'at' | 'agent' | 'editDistance' | 'outcome';

/** The back end's filter for a form: "to" is inclusive, so it becomes the next midnight (UTC). */
export function toFilter(f: ReviewFilterForm): knowledge.ReviewFilter {
  const out: knowledge.ReviewFilter = {};
  if (f.from) out.since = `${f.from}T00:00:00Z`;
  if (f.to) {
    const d = new Date(`${f.to}T00:00:00Z`);
    d.setUTCDate(d.getUTCDate() + 1);
    out.until = d.toISOString();
  }
  for (const k of ['agent', 'department', 'outcome', 'provider', 'model', 'articleId'] as const) {
    const v = f[k].trim();
    if (v) out[k] = v;
  }
  if (f.unverified) out.unverified = true;
  return out;
}

export class ReviewStore {
  form = $state<ReviewFilterForm>(emptyFilter());
  sort = $state<SortKey>('at');
  asc = $state(false);
  page = $state(0);
  rows = $state<knowledge.ReviewRow[]>([]);
  total = $state(0);
  titles = $state<Record<string, string>>({});
  ownOnly = $state(false);
  loading = $state(false);
  error = $state<string | null>(null);

  selected = $state<string | null>(null);
  detail = $state<core.ReviewDetail | null>(null);
  detailError = $state<string | null>(null);

  dashboard = $state<core.Dashboard | null>(null);
  dashboardError = $state<string | null>(null);

  chain = $state<knowledge.ChainReport | null>(null);
  chainError = $state<string | null>(null);
  verifying = $state(false);

  exporting = $state(false);
  exported = $state<app.ExportResult | null>(null);
  exportError = $state<string | null>(null);

  #go: ReviewDeps;
  #seq = 0;
  #dseq = 0;
  #changeTimer: ReturnType<typeof setTimeout> | undefined;
  #changeMs: number;

  constructor(deps: ReviewDeps = { ReviewService }, changeDebounceMs = 150) {
    this.#go = deps;
    this.#changeMs = changeDebounceMs;
  }

  get pages(): number {
    return Math.max(1, Math.ceil(this.total / PAGE_SIZE));
  }

  filter(): knowledge.ReviewFilter {
    return toFilter(this.form);
  }

  /** Loads the current page of the list. */
  async load(): Promise<void> {
    const seq = ++this.#seq;
    this.loading = true;
    try {
      const p = await this.#go.ReviewService.List({ ...this.filter(), sort: this.sort, asc: this.asc, offset: this.page * PAGE_SIZE, limit: PAGE_SIZE });
      if (seq !== this.#seq) return;
      this.rows = p.rows;
      this.total = p.total;
      this.titles = p.titles;
      this.ownOnly = p.ownOnly;
      this.error = null;
    } catch (err) {
      if (seq === this.#seq) this.error = errorMessage(err);
    } finally {
      if (seq === this.#seq) this.loading = false;
    }
  }

  /** Applies the filter bar: back to the first page, reload list and dashboard. */
  async apply(): Promise<void> {
    this.page = 0;
    await Promise.all([this.load(), this.loadDashboard()]);
  }

  async reset(): Promise<void> {
    this.form = emptyFilter();
    await this.apply();
  }

  /** Sorts by key; the same key again flips the direction. */
  async sortBy(key: SortKey): Promise<void> {
    if (this.sort === key) this.asc = !this.asc;
    else {
      this.sort = key;
      this.asc = key === 'agent' || key === 'outcome';
    }
    this.page = 0;
    await this.load();
  }

  async goto(page: number): Promise<void> {
    this.page = Math.min(Math.max(0, page), this.pages - 1);
    await this.load();
  }

  async open(setId: string): Promise<void> {
    this.selected = setId;
    this.detailError = null;
    try {
      const d = await this.#go.ReviewService.Detail(setId);
      if (this.selected === setId) this.detail = d;
    } catch (err) {
      if (this.selected === setId) {
        this.detail = null;
        this.detailError = errorMessage(err);
      }
    }
  }

  close(): void {
    this.selected = null;
    this.detail = null;
    this.detailError = null;
  }

  async loadDashboard(): Promise<void> {
    const seq = ++this.#dseq;
    try {
      const d = await this.#go.ReviewService.Dashboard(this.filter());
      if (seq !== this.#dseq) return;
      this.dashboard = d;
      this.dashboardError = null;
    } catch (err) {
      if (seq !== this.#dseq) return;
      this.dashboard = null;
      this.dashboardError = errorMessage(err);
    }
  }

  async verify(): Promise<void> {
    this.verifying = true;
    try {
      this.chain = await this.#go.ReviewService.Verify();
      this.chainError = null;
    } catch (err) {
      this.chain = null;
      this.chainError = errorMessage(err);
    } finally {
      this.verifying = false;
    }
  }

  /** Exports the filtered view; the back end asks where to save. */
  async export(format: 'csv' | 'json'): Promise<void> {
    this.exporting = true;
    this.exported = null;
    this.exportError = null;
    try {
      const r = await this.#go.ReviewService.Export(format, this.filter());
      this.exported = r.path ? r : null;
    } catch (err) {
      this.exportError = errorMessage(err);
    } finally {
      this.exporting = false;
    }
  }

  /** ledger:changed: reload the list (and the open detail) once per burst. */
  onChanged(): void {
    clearTimeout(this.#changeTimer);
    this.#changeTimer = setTimeout(() => {
      void this.load();
      if (this.selected) void this.open(this.selected);
    }, this.#changeMs);
  }
}

export const reviewStore = new ReviewStore();
