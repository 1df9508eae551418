// Search state: query, filters, debounced as-you-type requests with sequence
// numbers so that a slow response never overwrites a newer one.
import { Search } from 'wailsjs/go/app/SearchService';
import type { search } from 'wailsjs/go/models';
import { errorMessage } from '../errors';

type Filters = search.Filters;
type SearchRequest = search.Request;
type SearchResponse = search.Response;

export type FilterKind = keyof Omit<Filters, 'statuses'>;
export type SearchPhase = 'idle' | 'loading' | 'ready' | 'error';

export interface SearchStoreOptions {
  search?: (req: SearchRequest) => Promise<SearchResponse>;
  debounceMs?: number;
  limit?: number;
}

export const emptyFilters = (): Filters => ({
  departments: [],
  tags: [],
  languages: [],
  audiences: [],
  statuses: [],
});

export class SearchStore {
  query = $state('');
  filters = $state<Filters>(emptyFilters());
  response = $state<SearchResponse | null>(null);
  phase = $state<SearchPhase>('idle');
  error = $state<string | null>(null);
  /** Index of the active (highlighted) result, -1 for none. */
  active = $state(-1);

  readonly results = $derived(this.response?.results ?? []);
  readonly activeHit = $derived(this.active >= 0 ? (this.results[this.active] ?? null) : null);
  readonly filterCount = $derived(
    this.filters.departments.length + this.filters.tags.length + this.filters.languages.length + this.filters.audiences.length,
  );
  readonly hasQuery = $derived(this.query.trim().length > 0);

  #search: (req: SearchRequest) => Promise<SearchResponse>;
  #delay: number;
  #limit: number;
  #seq = 0;
  #timer: ReturnType<typeof setTimeout> | null = null;
  #inflight: Promise<void> | null = null;
  #lastQuery = '';

  constructor(opts: SearchStoreOptions = {}) {
    this.#search = opts.search ?? Search;
    this.#delay = opts.debounceMs ?? 120;
    this.#limit = opts.limit ?? 20;
  }

  /** The sequence number of the latest request issued (for tests/diagnostics). */
  get seq(): number {
    return this.#seq;
  }

  /** True while a debounced request is waiting to be sent. */
  get pending(): boolean {
    return this.#timer !== null;
  }

  request(): SearchRequest {
    const f = this.filters;
    return {
      query: this.query.trim(),
      mode: 'hybrid',
      filters: {
        departments: [...f.departments],
        tags: [...f.tags],
        languages: [...f.languages],
        audiences: [...f.audiences],
        statuses: [...f.statuses],
      },
      limit: this.#limit,
      passagesPerArticle: 3,
      asYouType: true,
    };
  }

  /** Sets the query and schedules a debounced search. */
  setQuery(q: string): void {
    this.query = q;
    this.#schedule();
  }

  clear(): void {
    this.query = '';
    this.#schedule();
  }

  isActive(kind: FilterKind, value: string): boolean {
    return this.filters[kind].includes(value);
  }

  toggleFilter(kind: FilterKind, value: string): void {
    const list = this.filters[kind];
    this.filters[kind] = list.includes(value) ? list.filter((v) => v !== value) : [...list, value];
    this.#refresh();
  }

  setFilter(kind: FilterKind, values: string[]): void {
    this.filters[kind] = [...values];
    this.#refresh();
  }

  clearFilters(): void {
    this.filters = emptyFilters();
    this.#refresh();
  }

  /** Moves the active result; the index is clamped by the caller's logic. */
  setActive(i: number): void {
    this.active = i;
  }

  /** Sends any pending search now and resolves when the newest one settles. */
  async flush(): Promise<void> {
    if (this.#timer !== null) {
      clearTimeout(this.#timer);
      this.#timer = null;
      await this.run();
    } else if (this.#inflight) {
      await this.#inflight;
    }
  }

  /** Re-runs the current search immediately (filters changed, KB changed, retry). */
  retry(): Promise<void> {
    return this.run();
  }

  #refresh(): void {
    if (this.#timer !== null) {
      clearTimeout(this.#timer);
      this.#timer = null;
    }
    if (this.hasQuery) void this.run();
  }

  #schedule(): void {
    if (this.#timer !== null) clearTimeout(this.#timer);
    this.#timer = null;
    if (!this.query.trim()) {
      // Invalidate anything in flight and go back to the empty state.
      this.#seq++;
      this.#inflight = null;
      this.response = null;
      this.error = null;
      this.phase = 'idle';
      this.active = -1;
      return;
    }
    this.phase = 'loading';
    this.#timer = setTimeout(() => {
      this.#timer = null;
      void this.run();
    }, this.#delay);
  }

  /** Issues a search for the current state right away. */
  async run(): Promise<void> {
    if (!this.query.trim()) return;
    const seq = ++this.#seq;
    const req = this.request();
    this.phase = 'loading';
    const p = (async () => {
      try {
        const res = await this.#search(req);
        if (seq !== this.#seq) return; // a newer request superseded this one
        const prevId = this.activeHit?.articleId;
        this.response = res;
        this.error = null;
        this.phase = 'ready';
        const sameQuery = req.query === this.#lastQuery;
        this.#lastQuery = req.query;
        const keep = sameQuery && prevId ? res.results.findIndex((r) => r.articleId === prevId) : -1;
        this.active = keep >= 0 ? keep : res.results.length ? 0 : -1;
      } catch (err) {
        if (seq !== this.#seq) return;
        this.error = errorMessage(err);
        this.phase = 'error';
      }
    })();
    this.#inflight = p;
    await p;
    if (this.#inflight === p) this.#inflight = null;
  }
}

export const searchStore = new SearchStore();
