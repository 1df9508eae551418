// The article drawer of the workspace: an article at a given version, with
// the cited passage (if any) to highlight.
import * as ArticleService from 'wailsjs/go/app/ArticleService';
import type { core } from 'wailsjs/go/models';
import { errorMessage } from '../errors';

export interface DrawerDeps {
  ArticleService: Pick<typeof ArticleService, 'GetVersion' | 'Passage'>;
}

export class DrawerStore {
  open = $state(false);
  article = $state<core.ArticleView | null>(null);
  passage = $state<core.PassageView | null>(null);
  /** The label of the citation that opened the drawer, if any. */
  label = $state<string | null>(null);
  loading = $state(false);
  error = $state<string | null>(null);
  #go: DrawerDeps;
  #seq = 0;

  constructor(deps: DrawerDeps = { ArticleService }) {
    this.#go = deps;
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
        this.#go.ArticleService.GetVersion(articleId, version),
        passageId ? this.#go.ArticleService.Passage(passageId, version) : Promise.resolve(null),
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
