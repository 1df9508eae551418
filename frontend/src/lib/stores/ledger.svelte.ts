// Supervisor review: recorded suggestion sets, their events, per-article counts.
import { errorMessage } from '../api';
import { wsApi, type WsApi } from '../api-workspace';
import type { ArticleSuggestionStats, LedgerEntry, LedgerEvent } from '../workspace-types';

type Api = Pick<WsApi, 'ledgerSets' | 'ledgerEvents' | 'ledgerSummary'>;

export class LedgerStore {
  sets = $state<LedgerEntry[]>([]);
  summary = $state<ArticleSuggestionStats[]>([]);
  events = $state<Record<string, LedgerEvent[]>>({});
  expanded = $state<string | null>(null);
  loading = $state(false);
  error = $state<string | null>(null);
  eventsError = $state<string | null>(null);
  #api: Api;

  constructor(a: Api = wsApi) {
    this.#api = a;
  }

  async load(): Promise<void> {
    this.loading = true;
    try {
      const [sets, summary] = await Promise.all([this.#api.ledgerSets({ limit: 100 }), this.#api.ledgerSummary(30)]);
      this.sets = sets;
      this.summary = summary;
      this.error = null;
      this.events = {};
      if (this.expanded) await this.#loadEvents(this.expanded);
    } catch (err) {
      this.error = errorMessage(err);
    } finally {
      this.loading = false;
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
      this.events = { ...this.events, [setId]: await this.#api.ledgerEvents(setId) };
    } catch (err) {
      this.eventsError = errorMessage(err);
    }
  }
}

export const ledgerStore = new LedgerStore();
