// Index status for the status bar, kept live by index:state / index:progress
// (index:state also follows every article change with fresh counts) and the
// department list by kb:changed.
import * as StatusService from 'wailsjs/go/app/StatusService';
import * as ArticleService from 'wailsjs/go/app/ArticleService';
import type { app, core, search } from 'wailsjs/go/models';
import { errorMessage } from '../errors';
import { on } from '../events';
import { RateEstimator } from '../eta';

export interface StatusDeps {
  StatusService: Pick<typeof StatusService, 'State' | 'Progress'>;
  ArticleService: Pick<typeof ArticleService, 'Departments'>;
  /** Milliseconds, for the time-left estimate (Date.now unless a test passes a fake clock). */
  now?: () => number;
}

export class StatusStore {
  state = $state<core.IndexState | null>(null);
  progress = $state<app.Progress | null>(null);
  error = $state<string | null>(null);
  departments = $state<search.FacetCount[]>([]);
  /** Estimated seconds left in the running phase, or null (see eta.ts). */
  eta = $state<number | null>(null);

  readonly busy = $derived(!!this.state && this.state.state !== 'ready' && this.state.state !== 'error');

  /** Progress to show as a bar, or null when idle. */
  readonly bar = $derived.by(() => {
    if (!this.busy) return null;
    const p = this.progress;
    if (p && p.total > 0) return { done: p.done, total: p.total, message: p.message || this.state?.message || '' };
    const s = this.state!;
    return { done: s.done, total: s.of, message: s.message };
  });

  #go: StatusDeps;
  #offs: Array<() => void> = [];
  #events = 0;
  #rate: RateEstimator;

  constructor(deps: StatusDeps = { StatusService, ArticleService }) {
    this.#go = deps;
    this.#rate = new RateEstimator(deps.now);
  }

  #observe(p: app.Progress | null): void {
    if (!p || p.total <= 0) return;
    this.#rate.observe(p);
    this.eta = this.#rate.remaining();
  }

  async init(): Promise<void> {
    this.#offs.push(
      on('index:state', (s) => {
        this.#events++;
        // A new phase (importing → indexing) drops the last phase's bar and
        // estimate: until its first report the bar says what it is doing.
        if (this.state && this.state.state !== s.state) {
          this.progress = null;
          this.eta = null;
          this.#rate.reset();
        }
        this.state = s;
        if (s.state === 'ready' || s.state === 'error') {
          this.progress = null;
          this.eta = null;
          this.#rate.reset();
        }
        if (s.state === 'ready') void this.loadDepartments();
      }),
      on('index:progress', (p) => {
        this.progress = p;
        this.#observe(p);
      }),
      // A published, archived or imported article can add or drop a department.
      on('kb:changed', () => void this.loadDepartments()),
    );
    await Promise.all([this.refresh(), this.loadDepartments()]);
  }

  async refresh(): Promise<void> {
    const before = this.#events;
    try {
      const [s, p] = await Promise.all([this.#go.StatusService.State(), this.#go.StatusService.Progress()]);
      // An index:state event that arrived meanwhile is newer than this answer.
      if (this.#events === before) {
        this.state = s;
        // A window opened mid-import shows the running phase's progress at once.
        if (!this.progress && p.total > 0 && p.done < p.total) {
          this.progress = p;
          this.#observe(p);
        }
      }
      this.error = null;
    } catch (err) {
      this.error = errorMessage(err);
    }
  }

  async loadDepartments(): Promise<void> {
    try {
      this.departments = await this.#go.ArticleService.Departments();
    } catch {
      // The empty state simply omits the list.
    }
  }

  destroy(): void {
    for (const off of this.#offs.splice(0)) off();
  }
}

export const statusStore = new StatusStore();
