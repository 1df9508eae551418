// The article drawer of the workspace: an article at a given version, with
// the cited passage (if any) to highlight.
import { errorMessage } from '../api';
import { wsApi, type WsApi } from '../api-workspace';
import type { ArticleView } from '../types';
import type { PassageView } from '../workspace-types';

type Api = Pick<WsApi, 'articleVersion' | 'passage'>;

export class DrawerStore {
  open = $state(false);
  article = $state<ArticleView | null>(null);
  passage = $state<PassageView | null>(null);
  /** The label of the citation that opened the drawer, if any. */
  label = $state<string | null>(null);
  loading = $state(false);
  error = $state<string | null>(null);
  #api: Api;
  #seq = 0;

  constructor(a: Api = wsApi) {
    this.#api = a;
  }

  /** Opens an article; version 0 = current. With passageId the passage is highlighted. */
  async show(articleId: string, version = 0, passageId?: string, label?: string): Promise<void> {
    const seq = ++this.#seq;
    this.open = true;
    this.loading = true;
    this.error = null;
    this.label = label ?? null;
    try {
      const [a, p] = await Promise.all([
        this.#api.articleVersion(articleId, version),
        passageId ? this.#api.passage(passageId, version) : Promise.resolve(null),
      ]);
      if (seq !== this.#seq) return;
      this.article = a;
      this.passage = p;
    } catch (err) {
      if (seq !== this.#seq) return;
      this.article = null;
      this.passage = null;
      this.error = errorMessage(err);
    } finally {
      if (seq === this.#seq) this.loading = false;
    }
  }

  close(): void {
    this.#seq++;
    this.open = false;
    this.loading = false;
  }
}

export const drawerStore = new DrawerStore();
