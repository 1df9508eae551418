// The article pane: the open article, loading/error state and a small back
// history for article-to-article navigation.
import { Get } from 'wailsjs/go/app/ArticleService';
import type { core } from 'wailsjs/go/models';
import { errorMessage } from '../errors';

export const HISTORY_LIMIT = 20;

export interface OpenOptions {
  /** 'link': followed from another article (pushes history); 'result': opened from the list (resets it). */
  via?: 'link' | 'result' | 'back' | 'reload';
  /** Heading text to scroll to once rendered (the best passage's heading). */
  focusHeading?: string;
}

export class ArticleStore {
  current = $state<core.ArticleView | null>(null);
  /** The id being shown or loaded. */
  id = $state<string | null>(null);
  loading = $state(false);
  error = $state<string | null>(null);
  history = $state<string[]>([]);
  /** Heading text to bring into view after the next render. */
  focusHeading = $state<string | null>(null);

  readonly canGoBack = $derived(this.history.length > 0);

  #get: (id: string) => Promise<core.ArticleView>;
  #seq = 0;

  constructor(get: (id: string) => Promise<core.ArticleView> = Get) {
    this.#get = get;
  }

  async open(id: string, opts: OpenOptions = {}): Promise<void> {
    const via = opts.via ?? 'result';
    if (via === 'link' && this.id && this.id !== id) {
      this.history = [...this.history, this.id].slice(-HISTORY_LIMIT);
    } else if (via === 'result') {
      this.history = [];
    }
    this.id = id;
    this.focusHeading = opts.focusHeading ?? null;
    this.loading = true;
    this.error = null;
    const seq = ++this.#seq;
    try {
      const a = await this.#get(id);
      if (seq !== this.#seq) return;
      this.current = a;
    } catch (err) {
      if (seq !== this.#seq) return;
      this.error = errorMessage(err);
      if (via !== 'reload') this.current = null;
    } finally {
      if (seq === this.#seq) this.loading = false;
    }
  }

  async back(): Promise<void> {
    const prev = this.history.at(-1);
    if (!prev) return;
    this.history = this.history.slice(0, -1);
    await this.open(prev, { via: 'back' });
  }

  /** Reloads the open article (kb:changed) without touching history. */
  async reload(): Promise<void> {
    if (this.id) await this.open(this.id, { via: 'reload' });
  }

  close(): void {
    this.#seq++;
    this.current = null;
    this.id = null;
    this.error = null;
    this.loading = false;
    this.history = [];
  }
}

export const articleStore = new ArticleStore();
