// The review of published edits: one revision (an edit of a published
// article kept aside while agents keep the live text) with its differences
// from the live article, approved — published as the next version — or
// sent back to its author with a note; and the knowledge base's setting
// "Published edits need review".
import * as EditorService from 'wailsjs/go/app/EditorService';
import type { core } from 'wailsjs/go/models';
import { errorMessage } from '../errors';

export interface RevisionReviewDeps {
  EditorService: Pick<
    typeof EditorService,
    'ReviewRevision' | 'ApproveRevision' | 'SendBackRevision' | 'WithdrawRevision' | 'RevisionSettings' | 'SetPublishedEditsNeedReview'
  >;
}

export class RevisionReviewStore {
  review = $state<core.RevisionReview | null>(null);
  loading = $state(false);
  busy = $state(false);
  error = $state<string | null>(null);
  notice = $state<string | null>(null);
  settings = $state<core.RevisionSettings | null>(null);
  settingsError = $state<string | null>(null);

  #go: RevisionReviewDeps;
  #seq = 0;

  constructor(deps: RevisionReviewDeps = { EditorService }) {
    this.#go = deps;
  }

  readonly id = $derived(this.review?.revision.articleId ?? '');

  async open(id: string): Promise<void> {
    const seq = ++this.#seq;
    this.loading = true;
    this.error = this.notice = null;
    try {
      const r = await this.#go.EditorService.ReviewRevision(id);
      if (seq === this.#seq) this.review = r;
    } catch (err) {
      if (seq === this.#seq) {
        this.review = null;
        this.error = errorMessage(err);
      }
    } finally {
      if (seq === this.#seq) this.loading = false;
    }
  }

  /** Reloads the open revision (another desktop or view changed it). */
  async refresh(): Promise<void> {
    const id = this.id;
    if (!id || this.busy) return;
    const seq = ++this.#seq;
    try {
      const r = await this.#go.EditorService.ReviewRevision(id);
      if (seq === this.#seq) this.review = r;
    } catch {
      // Approved or withdrawn elsewhere: say so, keep what was shown.
      if (seq === this.#seq && this.review && !this.notice) this.notice = 'This revision is no longer waiting for review (approved or withdrawn elsewhere).';
    }
  }

  /** Publishes the revision as it was shown; false (with the reason) on a conflict. */
  async approve(): Promise<core.EditableArticle | null> {
    const r = this.review?.revision;
    if (!r || this.busy) return null;
    this.busy = true;
    this.error = this.notice = null;
    try {
      const a = await this.#go.EditorService.ApproveRevision(r.articleId, r.seq);
      this.review = null;
      this.notice = `Published “${a.title}” as version ${a.version}.`;
      return a;
    } catch (err) {
      this.error = errorMessage(err);
      return null;
    } finally {
      this.busy = false;
    }
  }

  async sendBack(note: string): Promise<boolean> {
    const r = this.review?.revision;
    if (!r || this.busy) return false;
    if (!note.trim()) {
      this.error = 'Say what the author should change before sending the revision back.';
      return false;
    }
    this.busy = true;
    this.error = this.notice = null;
    try {
      const v = await this.#go.EditorService.SendBackRevision(r.articleId, r.seq, note.trim());
      if (this.review) this.review = { ...this.review, revision: v } as core.RevisionReview;
      this.notice = `Sent back to ${v.author || 'the author'} with your note.`;
      return true;
    } catch (err) {
      this.error = errorMessage(err);
      return false;
    } finally {
      this.busy = false;
    }
  }

  async withdraw(): Promise<boolean> {
    const r = this.review?.revision;
    if (!r || this.busy) return false;
    this.busy = true;
    this.error = this.notice = null;
    try {
      await this.#go.EditorService.WithdrawRevision(r.articleId, r.seq);
      this.review = null;
      this.notice = 'Revision withdrawn; the live article is unchanged.';
      return true;
    } catch (err) {
      this.error = errorMessage(err);
      return false;
    } finally {
      this.busy = false;
    }
  }

  async loadSettings(): Promise<void> {
    try {
      this.settings = await this.#go.EditorService.RevisionSettings();
      this.settingsError = null;
    } catch (err) {
      this.settingsError = errorMessage(err);
    }
  }

  async setNeedReview(on: boolean): Promise<void> {
    try {
      this.settings = await this.#go.EditorService.SetPublishedEditsNeedReview(on);
      this.settingsError = null;
    } catch (err) {
      this.settingsError = errorMessage(err);
    }
  }
}

export const revisionReview = new RevisionReviewStore();
