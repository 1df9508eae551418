// Finding a procedure to attach: articles whose body declares steps under a
// "Procedure" heading (the convention of app/API.md: a "## Procedure" task
// list with durations). Search narrows the articles; only those with such a
// heading are offered.
import * as SearchService from 'wailsjs/go/app/SearchService';
import * as ArticleService from 'wailsjs/go/app/ArticleService';
import { errorMessage } from '../errors';

export type ProceduresDeps = {
  SearchService: Pick<typeof SearchService, 'Search'>;
  ArticleService: Pick<typeof ArticleService, 'Get'>;
};

export interface ProcedureChoice {
  articleId: string;
  title: string;
  department: string;
}

export const PROCEDURE_HEADING = /^procedure\b/i;

/**
 * Whether an article declares steps: a "Procedure" heading whose section holds
 * a task list (the rendered article shows its items as checkboxes).
 */
export function declaresSteps(v: { html: string; headings: { level: number; text: string; id: string }[] }): boolean {
  return v.headings.some((h) => {
    if (!PROCEDURE_HEADING.test(h.text.trim())) return false;
    const at = v.html.indexOf(`id="${h.id}"`);
    if (at < 0) return false;
    const rest = v.html.slice(at);
    const end = rest.search(new RegExp(`<h[1-${Math.max(1, Math.min(6, h.level))}][\\s>]`));
    return /type="checkbox"/.test(end < 0 ? rest : rest.slice(0, end));
  });
}

export class ProceduresStore {
  query = $state('');
  choices = $state<ProcedureChoice[]>([]);
  /** Articles found that declare no steps (no task list under a Procedure heading). */
  skipped = $state(0);
  searching = $state(false);
  searched = $state(false);
  error = $state<string | null>(null);
  #go: ProceduresDeps;
  #seq = 0;

  constructor(deps: ProceduresDeps) {
    this.#go = deps;
  }

  async find(q = this.query): Promise<void> {
    const seq = ++this.#seq;
    this.query = q;
    this.searching = true;
    try {
      const res = await this.#go.SearchService.Search({
        query: `${q.trim()} procedure`.trim(),
        mode: 'hybrid',
        filters: { departments: [], tags: [], languages: [], audiences: [], statuses: [] },
        limit: 15,
        passagesPerArticle: 1,
        asYouType: false,
      });
      const views = await Promise.all(res.results.map((h) => this.#go.ArticleService.Get(h.articleId).catch(() => null)));
      if (seq !== this.#seq) return;
      const ok = views.filter((v) => v && declaresSteps(v));
      this.choices = ok.map((v) => ({ articleId: v!.id, title: v!.title, department: v!.department }));
      this.skipped = res.results.length - ok.length;
      this.error = null;
      this.searched = true;
    } catch (err) {
      if (seq === this.#seq) this.error = errorMessage(err);
    } finally {
      if (seq === this.#seq) this.searching = false;
    }
  }
}
