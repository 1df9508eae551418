// Index status for the status bar, kept live by index:state / index:progress.
import { api, errorMessage, on } from '../api';
import type { FacetCount, IndexState, Progress } from '../types';

export class StatusStore {
  state = $state<IndexState | null>(null);
  progress = $state<Progress | null>(null);
  error = $state<string | null>(null);
  departments = $state<FacetCount[]>([]);

  readonly busy = $derived(!!this.state && this.state.state !== 'ready' && this.state.state !== 'error');

  /** Progress to show as a bar, or null when idle. */
  readonly bar = $derived.by(() => {
    if (!this.busy) return null;
    const p = this.progress;
    if (p && p.total > 0) return { done: p.done, total: p.total, message: p.message || this.state?.message || '' };
    const s = this.state!;
    return { done: s.done, total: s.of, message: s.message };
  });

  #offs: Array<() => void> = [];
  #events = 0;

  async init(): Promise<void> {
    this.#offs.push(
      on('index:state', (s) => {
        this.#events++;
        this.state = s;
        if (s.state === 'ready' || s.state === 'error') this.progress = null;
        if (s.state === 'ready') void this.loadDepartments();
      }),
      on('index:progress', (p) => {
        this.progress = p;
      }),
    );
    await Promise.all([this.refresh(), this.loadDepartments()]);
  }

  async refresh(): Promise<void> {
    const before = this.#events;
    try {
      const s = await api.state();
      // An index:state event that arrived meanwhile is newer than this answer.
      if (this.#events === before) this.state = s;
      this.error = null;
    } catch (err) {
      this.error = errorMessage(err);
    }
  }

  async loadDepartments(): Promise<void> {
    try {
      this.departments = await api.departments();
    } catch {
      // The empty state simply omits the list.
    }
  }

  destroy(): void {
    for (const off of this.#offs.splice(0)) off();
  }
}

export const statusStore = new StatusStore();
