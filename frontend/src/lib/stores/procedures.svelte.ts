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

export class ProceduresStore {
  query = $state('');
  choices = $state<ProcedureChoice[]>([]);
  /** Articles found that declare no steps. */
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
      const ok = views.filter((v) => v && v.headings.some((h) => PROCEDURE_HEADING.test(h.text.trim())));
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
