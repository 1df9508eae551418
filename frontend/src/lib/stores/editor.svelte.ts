// The article being edited: form state against the last saved base version,
// the unsaved-change guard, draft autosave after a pause in typing, the
// debounced live preview, save with optimistic concurrency and the conflict
// state machine, workflow moves and restore.
//
// The store outlives the view: switching to Search and back keeps unsaved
// edits in memory (and autosave keeps them on disk), so only replacing the
// open document needs the guard.
import * as EditorService from 'wailsjs/go/app/EditorService';
import * as HistoryService from 'wailsjs/go/app/HistoryService';
import * as AutosaveService from 'wailsjs/go/app/AutosaveService';
import type { core } from 'wailsjs/go/models';
import { errorMessage } from '../errors';

type ArticleInput = core.ArticleInput;
type EditableArticle = core.EditableArticle;


export interface EditorForm {
  title: string;
  body: string;
  department: string;
  /** Comma-separated in the form. */
  tags: string;
  language: string;
  audience: string;
  owner: string;
  reviewBy: string;
}

export const BLANK: EditorForm = {
  title: '',
  body: '',
  department: '',
  tags: '',
  language: 'en',
  audience: 'internal',
  owner: '',
  reviewBy: '',
};

export function parseTags(s: string): string[] {
  const out: string[] = [];
  const done = new Set<string>();
  for (const t of s.split(',')) {
    const v = t.trim();
    if (v && !done.has(v.toLowerCase())) {
      done.add(v.toLowerCase());
      out.push(v);
    }
  }
  return out;
}

export function formFrom(a: Pick<EditableArticle, keyof ArticleInput> | ArticleInput): EditorForm {
  return {
    title: a.title,
    body: a.body,
    department: a.department,
    tags: a.tags.join(', '),
    language: a.language || 'en',
    audience: a.audience || 'internal',
    owner: a.owner,
    reviewBy: a.reviewBy,
  };
}

export function inputFrom(id: string, f: EditorForm): ArticleInput {
  return {
    id,
    title: f.title.trim(),
    body: f.body,
    department: f.department.trim(),
    tags: parseTags(f.tags),
    language: f.language.trim(),
    audience: f.audience.trim(),
    owner: f.owner.trim(),
    reviewBy: f.reviewBy,
  };
}

/** A stable key of what would be saved; equal keys mean nothing changed. */
export function formKey(f: EditorForm): string {
  const i = inputFrom('', f);
  return JSON.stringify([i.title, i.body, i.department, i.tags, i.language, i.audience, i.owner, i.reviewBy]);
}

export type SaveOutcome = 'saved' | 'conflict' | 'invalid' | 'error' | 'busy';
export type AutosaveState = 'idle' | 'pending' | 'saving' | 'saved' | 'error';

export interface EditorDeps {
  EditorService: Pick<typeof EditorService, 'Load' | 'Create' | 'Save' | 'SetStatus' | 'Preview'> &
    /** Go returns a nil *RevisionView when the article has no revision waiting. */
    Partial<{ ArticleRevision(id: string): Promise<core.RevisionView | null> }>;
  HistoryService: Pick<typeof HistoryService, 'Restore'>;
  AutosaveService: Pick<typeof AutosaveService, 'Autosave' | 'DiscardAutosave'> & {
    /** Go returns a nil *ArticleInput when there is no draft. */
    LoadAutosave(id: string): Promise<ArticleInput | null>;
  };
}

export interface EditorOptions {
  autosaveMs?: number;
  previewMs?: number;
  now?: () => Date;
}

export class EditorStore {
  /** The last loaded or saved version; null for a new, unsaved article. */
  base = $state<EditableArticle | null>(null);
  /** A document (existing or new) is open. */
  isOpen = $state(false);
  form = $state<EditorForm>({ ...BLANK });
  /** formKey of the saved state the form is compared against. */
  cleanKey = $state(formKey(BLANK));
  loading = $state(false);
  saving = $state(false);
  busy = $state(false);
  error = $state<string | null>(null);
  notice = $state<string | null>(null);

  preview = $state<core.Preview | null>(null);
  previewError = $state<string | null>(null);

  autosaveState = $state<AutosaveState>('idle');
  autosavedAt = $state<Date | null>(null);
  autosaveError = $state<string | null>(null);
  /** A newer autosaved draft found when opening, offered for restoring. */
  restorable = $state<ArticleInput | null>(null);

  conflict = $state<core.Conflict | null>(null);
  /**
   * The open article's revision waiting for review (an edit of a published
   * article): the form shows it, while agents keep the live version (base).
   */
  revision = $state<core.RevisionView | null>(null);
  /** The message the conflicting save carried (reused when overwriting). */
  conflictMessage = $state('');

  /** Set while asking whether to drop unsaved changes. */
  guard = $state<{ what: string } | null>(null);

  /** Bumped after every write, so lists can refresh. */
  writes = $state(0);
  /** Bumped when the document is replaced, so the code editor reloads its text. */
  docSeq = $state(0);

  readonly id = $derived(this.base?.id ?? '');
  readonly isNew = $derived(this.isOpen && this.base === null);
  readonly dirty = $derived(this.isOpen && formKey(this.form) !== this.cleanKey);

  #go: EditorDeps;
  #autosaveMs: number;
  #previewMs: number;
  #now: () => Date;
  #autosaveTimer: ReturnType<typeof setTimeout> | undefined;
  #previewTimer: ReturnType<typeof setTimeout> | undefined;
  #previewSeq = 0;
  #loadSeq = 0;
  #pending: (() => Promise<void>) | null = null;

  constructor(deps: EditorDeps = { EditorService, HistoryService, AutosaveService }, opts: EditorOptions = {}) {
    this.#go = deps;
    this.#autosaveMs = opts.autosaveMs ?? 2500;
    this.#previewMs = opts.previewMs ?? 200;
    this.#now = opts.now ?? (() => new Date());
  }

  // ---------- navigation with the unsaved-change guard ----------

  /** Runs `action` now, or after the user agrees to drop unsaved changes. */
  async guarded(what: string, action: () => Promise<void>): Promise<boolean> {
    if (this.dirty) {
      this.#pending = action;
      this.guard = { what };
      return false;
    }
    await action();
    return true;
  }

  /** Guard answer: drop the unsaved changes (and their autosave) and go on. */
  async discardAndContinue(): Promise<void> {
    const action = this.#pending;
    this.#pending = null;
    this.guard = null;
    if (this.isOpen) await this.#go.AutosaveService.DiscardAutosave(this.id).catch(() => {});
    this.#cancelAutosave();
    this.cleanKey = formKey(this.form);
    if (action) await action();
  }

  /** Guard answer: stay with the unsaved changes. */
  keepEditing(): void {
    this.#pending = null;
    this.guard = null;
  }

  open(id: string): Promise<boolean> {
    if (this.isOpen && this.id === id) return Promise.resolve(true);
    return this.guarded('open another article', () => this.#load(id));
  }

  newArticle(title = ''): Promise<boolean> {
    return this.guarded('start a new article', () => this.#blank(title));
  }

  close(): Promise<boolean> {
    return this.guarded('close this article', async () => this.#reset());
  }

  #reset() {
    this.#cancelAutosave();
    this.#loadSeq++;
    this.base = null;
    this.isOpen = false;
    this.form = { ...BLANK };
    this.cleanKey = formKey(BLANK);
    this.preview = null;
    this.restorable = null;
    this.conflict = null;
    this.revision = null;
    this.error = this.notice = this.previewError = this.autosaveError = null;
    this.autosaveState = 'idle';
    this.autosavedAt = null;
    this.docSeq++;
  }

  async #load(id: string): Promise<void> {
    this.#reset();
    const seq = this.#loadSeq;
    this.loading = true;
    try {
      const a = await this.#go.EditorService.Load(id);
      if (seq !== this.#loadSeq) return;
      this.#setBase(a, true);
      const rev = await this.#revisionOf(id);
      if (seq !== this.#loadSeq) return;
      if (rev) this.#showRevision(rev);
      this.isOpen = true;
      this.schedulePreview(0);
      const auto = await this.#go.AutosaveService.LoadAutosave(id).catch(() => null);
      if (seq !== this.#loadSeq) return;
      if (auto && formKey(formFrom(auto)) !== this.cleanKey) this.restorable = auto;
    } catch (err) {
      if (seq === this.#loadSeq) this.error = errorMessage(err);
    } finally {
      if (seq === this.#loadSeq) this.loading = false;
    }
  }

  async #blank(title: string): Promise<void> {
    this.#reset();
    const seq = this.#loadSeq;
    this.isOpen = true;
    this.form = { ...BLANK, title };
    this.cleanKey = formKey(BLANK);
    this.docSeq++;
    this.schedulePreview(0);
    const auto = await this.#go.AutosaveService.LoadAutosave('').catch(() => null);
    if (seq === this.#loadSeq && auto && formKey(formFrom(auto)) !== formKey(BLANK)) this.restorable = auto;
  }

  #revisionOf(id: string): Promise<core.RevisionView | null> {
    return this.#go.EditorService.ArticleRevision?.(id).catch(() => null) ?? Promise.resolve(null);
  }

  /** Shows the revision waiting for review in the form (what the next save replaces). */
  #showRevision(rev: core.RevisionView) {
    this.revision = rev;
    const f = formFrom(rev.proposed);
    this.form = f;
    this.cleanKey = formKey(f);
    this.docSeq++;
  }

  /** Makes `a` the base; replaces the form when it had no newer edits. */
  #setBase(a: EditableArticle, replaceForm: boolean) {
    this.base = a;
    const clean = formFrom(a);
    this.cleanKey = formKey(clean);
    if (replaceForm) {
      this.form = clean;
      this.docSeq++;
    }
  }

  // ---------- editing ----------

  change(patch: Partial<EditorForm>): void {
    if (!this.isOpen) return;
    const bodyChanged = patch.body !== undefined && patch.body !== this.form.body;
    this.form = { ...this.form, ...patch };
    if (bodyChanged) this.schedulePreview();
    this.scheduleAutosave();
  }

  setBody(body: string): void {
    this.change({ body });
  }

  scheduleAutosave(ms = this.#autosaveMs): void {
    clearTimeout(this.#autosaveTimer);
    if (!this.dirty) {
      if (this.autosaveState === 'pending') this.autosaveState = 'idle';
      return;
    }
    this.autosaveState = 'pending';
    this.#autosaveTimer = setTimeout(() => void this.autosaveNow(), ms);
  }

  #cancelAutosave() {
    clearTimeout(this.#autosaveTimer);
    this.#autosaveTimer = undefined;
    if (this.autosaveState === 'pending') this.autosaveState = 'idle';
  }

  async autosaveNow(): Promise<void> {
    clearTimeout(this.#autosaveTimer);
    if (!this.isOpen || !this.dirty) return;
    this.autosaveState = 'saving';
    try {
      await this.#go.AutosaveService.Autosave(this.id, inputFrom(this.id, this.form));
      this.autosaveState = 'saved';
      this.autosavedAt = this.#now();
      this.autosaveError = null;
    } catch (err) {
      this.autosaveState = 'error';
      this.autosaveError = errorMessage(err);
    }
  }

  schedulePreview(ms = this.#previewMs): void {
    clearTimeout(this.#previewTimer);
    this.#previewTimer = setTimeout(() => void this.refreshPreview(), ms);
  }

  async refreshPreview(): Promise<void> {
    clearTimeout(this.#previewTimer);
    const seq = ++this.#previewSeq;
    const md = this.form.body;
    if (!md.trim()) {
      this.preview = { html: '', headings: [], links: [], brokenLinks: [], signals: [] };
      this.previewError = null;
      return;
    }
    try {
      const p = await this.#go.EditorService.Preview(md);
      if (seq !== this.#previewSeq) return;
      this.preview = p;
      this.previewError = null;
    } catch (err) {
      if (seq === this.#previewSeq) this.previewError = errorMessage(err);
    }
  }

  applyRestorable(): void {
    const r = this.restorable;
    if (!r) return;
    this.restorable = null;
    this.form = formFrom(r);
    this.docSeq++;
    this.schedulePreview(0);
    this.notice = 'Restored your autosaved draft. Save to keep it as a version.';
  }

  async dismissRestorable(): Promise<void> {
    this.restorable = null;
    await this.#go.AutosaveService.DiscardAutosave(this.id).catch(() => {});
  }

  // ---------- saving and conflicts ----------

  validate(): string | null {
    if (!this.form.title.trim()) return 'Give the article a title.';
    if (this.form.reviewBy && !/^\d{4}-\d{2}-\d{2}$/.test(this.form.reviewBy)) return 'The review-by date must look like 2026-12-31.';
    return null;
  }

  async save(message: string): Promise<SaveOutcome> {
    if (!this.isOpen) return 'invalid';
    if (this.saving) return 'busy';
    const problem = this.validate();
    if (problem) {
      this.error = problem;
      return 'invalid';
    }
    this.saving = true;
    this.error = this.notice = null;
    this.#cancelAutosave();
    const sentKey = formKey(this.form);
    const wasNew = this.isNew;
    try {
      if (wasNew) {
        const a = await this.#go.EditorService.Create(inputFrom('', this.form));
        this.#afterWrite(a, sentKey);
        await this.#go.AutosaveService.DiscardAutosave('').catch(() => {});
        this.notice = `Created “${a.title}” as a draft (version ${a.version}).`;
        return 'saved';
      }
      const base = this.base!;
      const r = await this.#go.EditorService.Save(inputFrom(base.id, this.form), base.version, message.trim());
      if (r.conflict) {
        this.conflict = r.conflict;
        this.conflictMessage = message;
        return 'conflict';
      }
      if (r.revision) {
        // The live article is unchanged: the form stays on the revision.
        this.base = r.article;
        this.revision = r.revision;
        if (formKey(this.form) === sentKey) this.cleanKey = sentKey;
        else this.scheduleAutosave();
        this.autosaveState = 'idle';
        this.writes++;
        this.notice = `Revision pending review: agents keep seeing version ${r.article.version} until a reviewer approves it.`;
        return 'saved';
      }
      this.#afterWrite(r.article, sentKey);
      await this.#go.AutosaveService.DiscardAutosave(base.id).catch(() => {});
      this.notice = `Saved version ${r.article.version}.`;
      return 'saved';
    } catch (err) {
      this.error = errorMessage(err);
      return 'error';
    } finally {
      this.saving = false;
    }
  }

  /** After a write: new base; keeps edits typed while the write was in flight. */
  #afterWrite(a: EditableArticle, sentKey: string) {
    const untouched = formKey(this.form) === sentKey;
    this.#setBase(a, untouched);
    if (!untouched) this.scheduleAutosave();
    else this.autosaveState = 'idle';
    this.writes++;
  }

  /** Conflict: take their version; my text stays visible in the dialog until it closes. */
  loadTheirs(): void {
    const c = this.conflict;
    if (!c) return;
    this.conflict = null;
    this.#setBase(c.theirs, true);
    this.schedulePreview(0);
    this.notice = `Loaded version ${c.theirs.version}. Your unsaved text was not saved.`;
  }

  /** Conflict: keep my text on top of theirs; the next save replaces their version. */
  keepMineOnTheirs(): void {
    const c = this.conflict;
    if (!c) return;
    this.conflict = null;
    this.base = c.theirs;
    this.cleanKey = formKey(formFrom(c.theirs));
    this.notice = `Your text is kept on top of version ${c.theirs.version}. Merge what you need from theirs, then save.`;
    this.scheduleAutosave();
  }

  /** Conflict: close without choosing; nothing changes, saving again shows it again. */
  dismissConflict(): void {
    this.conflict = null;
  }

  /** Conflict: save my text as a new version after theirs. */
  async overwriteWithMine(): Promise<SaveOutcome> {
    const c = this.conflict;
    if (!c || this.saving) return 'busy';
    this.saving = true;
    this.error = null;
    try {
      const sentKey = formKey(this.form);
      const r = await this.#go.EditorService.Save(c.mine, c.theirs.version, this.conflictMessage.trim() || 'Saved over a concurrent change');
      if (r.conflict) {
        this.conflict = r.conflict;
        return 'conflict';
      }
      this.conflict = null;
      this.#afterWrite(r.article, sentKey);
      await this.#go.AutosaveService.DiscardAutosave(r.article.id).catch(() => {});
      this.notice = `Saved version ${r.article.version} over version ${c.theirs.version}.`;
      return 'saved';
    } catch (err) {
      this.error = errorMessage(err);
      return 'error';
    } finally {
      this.saving = false;
    }
  }

  // ---------- workflow and versions ----------

  async setStatus(to: string, note: string): Promise<boolean> {
    const b = this.base;
    if (!b || this.busy) return false;
    if (this.dirty) {
      this.error = 'Save or discard your changes before changing the status.';
      return false;
    }
    this.busy = true;
    this.error = this.notice = null;
    try {
      const a = await this.#go.EditorService.SetStatus(b.id, to, b.version, note.trim());
      this.#setBase(a, true);
      this.writes++;
      return true;
    } catch (err) {
      this.error = errorMessage(err);
      return false;
    } finally {
      this.busy = false;
    }
  }

  async restore(version: number): Promise<boolean> {
    const b = this.base;
    if (!b || this.busy) return false;
    if (this.dirty) {
      this.error = 'Save or discard your changes before restoring a version.';
      return false;
    }
    this.busy = true;
    this.error = this.notice = null;
    try {
      const a = await this.#go.HistoryService.Restore(b.id, version, b.version);
      const rev = a.version === b.version ? await this.#revisionOf(b.id) : null;
      this.#setBase(a, true);
      this.schedulePreview(0);
      this.writes++;
      if (rev) {
        // A published article: the restored text is a revision pending review.
        this.#showRevision(rev);
        this.notice = `Version ${version} restored as a revision pending review: agents keep seeing version ${a.version} until a reviewer approves it.`;
        return true;
      }
      this.notice = `Restored version ${version} as version ${a.version}.`;
      return true;
    } catch (err) {
      this.error = errorMessage(err);
      return false;
    } finally {
      this.busy = false;
    }
  }

  /**
   * Someone (another window, an import) changed the open article: take the
   * new version when nothing here is unsaved; with unsaved edits the next
   * save reports the conflict instead.
   */
  async refreshIfClean(): Promise<void> {
    const b = this.base;
    if (!b || this.dirty || this.saving || this.busy || this.loading) return;
    const seq = this.#loadSeq;
    try {
      const a = await this.#go.EditorService.Load(b.id);
      const rev = await this.#revisionOf(b.id);
      if (seq !== this.#loadSeq || this.dirty) return;
      if (a.version === this.base?.version) {
        // Only the revision moved (sent back, withdrawn, edited elsewhere).
        if (rev && (rev.seq !== this.revision?.seq || rev.state !== this.revision?.state)) this.#showRevision(rev);
        else if (!rev && this.revision) {
          this.revision = null;
          this.#setBase(a, true);
        }
        return;
      }
      this.#setBase(a, true);
      this.revision = null;
      if (rev) this.#showRevision(rev);
      this.schedulePreview(0);
      this.notice = `Updated to version ${a.version}, saved elsewhere.`;
    } catch {
      // Deleted or unreadable: leave the editor as it is.
    }
  }

  /** Reloads the saved version (asks first when there are unsaved changes). */
  reload(): Promise<boolean> {
    const id = this.id;
    if (!id) return Promise.resolve(false);
    return this.guarded('reload the saved version', () => this.#load(id));
  }

  destroy(): void {
    clearTimeout(this.#autosaveTimer);
    clearTimeout(this.#previewTimer);
  }
}

export const editorStore = new EditorStore();
