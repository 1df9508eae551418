// Versions of the open article, two picked for a diff.
import * as HistoryService from 'wailsjs/go/app/HistoryService';
import type { core, editorial } from 'wailsjs/go/models';
import { errorMessage } from '../errors';


export interface HistoryDeps {
  HistoryService: Pick<typeof HistoryService, 'Versions' | 'Diff'>;
}

export class EditorHistoryStore {
  articleId = $state('');
  versions = $state<core.VersionInfo[]>([]);
  /** Up to two selected versions, in the order they were picked. */
  selected = $state<number[]>([]);
  diff = $state<editorial.DiffLine[] | null>(null);
  loading = $state(false);
  diffLoading = $state(false);
  error = $state<string | null>(null);
  diffError = $state<string | null>(null);

  readonly pair = $derived.by((): [number, number] | null => {
    if (this.selected.length !== 2) return null;
    const [a, b] = this.selected;
    return a < b ? [a, b] : [b, a];
  });

  #go: HistoryDeps;
  #seq = 0;
  #diffSeq = 0;
  /** The selection is the default (newest two) and follows new versions. */
  #auto = true;

  constructor(deps: HistoryDeps = { HistoryService }) {
    this.#go = deps;
  }

  async load(id: string): Promise<void> {
    const seq = ++this.#seq;
    if (id !== this.articleId) {
      this.selected = [];
      this.diff = null;
      this.#auto = true;
    }
    this.articleId = id;
    this.loading = true;
    this.error = null;
    try {
      const v = await this.#go.HistoryService.Versions(id);
      if (seq !== this.#seq) return;
      this.versions = v;
      // Default: compare the two newest versions.
      if ((this.selected.length === 0 || this.#auto) && v.length >= 2) {
        const next = [v[1].version, v[0].version];
        this.#auto = true;
        if (next.join() !== this.selected.join() || !this.diff) {
          this.selected = next;
          void this.loadDiff();
        }
      } else if (this.selected.some((s) => !v.some((x) => x.version === s))) {
        this.selected = [];
        this.diff = null;
      }
    } catch (err) {
      if (seq === this.#seq) this.error = errorMessage(err);
    } finally {
      if (seq === this.#seq) this.loading = false;
    }
  }

  /** Picks or unpicks a version; picking a third drops the oldest pick. */
  toggle(version: number): void {
    this.#auto = false;
    if (this.selected.includes(version)) this.selected = this.selected.filter((v) => v !== version);
    else this.selected = [...this.selected, version].slice(-2);
    if (this.pair) void this.loadDiff();
    else this.diff = null;
  }

  async loadDiff(): Promise<void> {
    const p = this.pair;
    if (!p || !this.articleId) return;
    const seq = ++this.#diffSeq;
    this.diffLoading = true;
    this.diffError = null;
    try {
      const d = await this.#go.HistoryService.Diff(this.articleId, p[0], p[1]);
      if (seq !== this.#diffSeq) return;
      this.diff = d;
    } catch (err) {
      if (seq === this.#diffSeq) this.diffError = errorMessage(err);
    } finally {
      if (seq === this.#diffSeq) this.diffLoading = false;
    }
  }

  clear(): void {
    this.#seq++;
    this.#diffSeq++;
    this.articleId = '';
    this.versions = [];
    this.selected = [];
    this.diff = null;
    this.error = this.diffError = null;
  }
}

export const editorHistory = new EditorHistoryStore();
