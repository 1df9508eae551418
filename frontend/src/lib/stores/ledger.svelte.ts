// Supervisor review: recorded suggestion sets, their events, per-article counts.
// Kept live by ledger:changed (a new set, event or rating).
import * as LedgerService from 'wailsjs/go/app/LedgerService';
import type { knowledge } from 'wailsjs/go/models';
import { errorMessage } from '../errors';

export interface LedgerDeps {
  LedgerService: Pick<typeof LedgerService, 'Sets' | 'Events' | 'Summary'>;
}

/** The newest sets the review shows. */
export const LEDGER_LIMIT = 100;
export const SUMMARY_DAYS = 30;

export class LedgerStore {
  sets = $state<knowledge.LedgerEntry[]>([]);
  summary = $state<knowledge.ArticleSuggestionStats[]>([]);
  events = $state<Record<string, knowledge.LedgerEvent[]>>({});
  expanded = $state<string | null>(null);
  loading = $state(false);
  error = $state<string | null>(null);
  eventsError = $state<string | null>(null);
  #go: LedgerDeps;
  #seq = 0;
  #changeTimer: ReturnType<typeof setTimeout> | undefined;
  #changeMs: number;

  constructor(deps: LedgerDeps = { LedgerService }, changeDebounceMs = 100) {
    this.#go = deps;
    this.#changeMs = changeDebounceMs;
  }

  /** ledger:changed: reload once per burst (a suggestion records a set and its first event together). */
  onChanged(): void {
    clearTimeout(this.#changeTimer);
    this.#changeTimer = setTimeout(() => void this.load(), this.#changeMs);
  }

  async load(): Promise<void> {
    const seq = ++this.#seq;
    this.loading = true;
    try {
      const [sets, summary] = await Promise.all([
        this.#go.LedgerService.Sets({ limit: LEDGER_LIMIT }),
        this.#go.LedgerService.Summary(SUMMARY_DAYS),
      ]);
      if (seq !== this.#seq) return;
      this.sets = sets;
      this.summary = summary;
      this.error = null;
      this.events = {};
      if (this.expanded) await this.#loadEvents(this.expanded);
    } catch (err) {
      this.error = errorMessage(err);
    } finally {
      if (seq === this.#seq) this.loading = false;
    }
  }

  async toggle(setId: string): Promise<void> {
    if (this.expanded === setId) {
      this.expanded = null;
      return;
    }
    this.expanded = setId;
    await this.#loadEvents(setId);
  }

  async #loadEvents(setId: string) {
    this.eventsError = null;
    try {
      this.events = { ...this.events, [setId]: await this.#go.LedgerService.Events(setId) };
    } catch (err) {
      this.eventsError = errorMessage(err);
    }
  }
}

export const ledgerStore = new LedgerStore();
