// The open request: header edits (optimistic versioning), conversation,
// customer history and the related-knowledge panel.
import * as RequestService from 'wailsjs/go/app/RequestService';
import type { app, core, knowledge } from 'wailsjs/go/models';
import { errorMessage } from '../errors';
import { concerns } from '../events';

type SupportRequest = knowledge.SupportRequest;

export interface WorkspaceDeps {
  RequestService: Pick<typeof RequestService, 'Get' | 'Update' | 'AppendMessage' | 'CustomerHistory' | 'Related'>;
}

export class WorkspaceStore {
  request = $state<SupportRequest | null>(null);
  loading = $state(false);
  error = $state<string | null>(null);
  /** Inline error from saving the header (e.g. an edit conflict). */
  saveError = $state<string | null>(null);
  saving = $state(false);
  history = $state<knowledge.RequestSummary[]>([]);
  related = $state<core.RelatedGroup[]>([]);
  relatedLoading = $state(false);
  relatedError = $state<string | null>(null);
  appendError = $state<string | null>(null);

  #go: WorkspaceDeps;
  #seq = 0;
  #relSeq = 0;
  #relTimer: ReturnType<typeof setTimeout> | undefined;
  #debounceMs: number;

  constructor(deps: WorkspaceDeps = { RequestService }, debounceMs = 400) {
    this.#go = deps;
    this.#debounceMs = debounceMs;
  }

  async open(id: string): Promise<void> {
    if (this.request?.id === id && !this.error) return;
    const seq = ++this.#seq;
    this.loading = true;
    this.error = null;
    this.saveError = null;
    this.appendError = null;
    this.related = [];
    this.history = [];
    try {
      const r = await this.#go.RequestService.Get(id);
      if (seq !== this.#seq) return;
      this.request = r;
      this.scheduleRelated(0);
      void this.#loadHistory(r);
    } catch (err) {
      if (seq === this.#seq) {
        this.request = null;
        this.error = errorMessage(err);
      }
    } finally {
      if (seq === this.#seq) this.loading = false;
    }
  }

  close(): void {
    this.#seq++;
    this.request = null;
    this.related = [];
    this.history = [];
    this.error = null;
  }

  async #loadHistory(r: SupportRequest) {
    try {
      const h = await this.#go.RequestService.CustomerHistory(r.customer.contact);
      if (this.request?.id === r.id) this.history = h.filter((x) => x.id !== r.id);
    } catch {
      this.history = [];
    }
  }

  /** Replaces the request after the back end changed it (e.g. marked sent). */
  replace(r: SupportRequest): void {
    const conversationChanged = !this.request || this.request.messages.length !== r.messages.length;
    this.request = r;
    if (conversationChanged) this.scheduleRelated();
  }

  async setStatus(status: string): Promise<void> {
    const r = this.request;
    if (!r || r.status === status) return;
    this.saving = true;
    this.saveError = null;
    try {
      this.request = await this.#go.RequestService.Update({ ...r, status });
    } catch (err) {
      const msg = errorMessage(err);
      // The back end explains conflicts itself; add the advice only when it does not.
      this.saveError =
        /conflict|version/i.test(msg) && !/reload/i.test(msg)
          ? `${msg} — someone else changed this request. Reload it to see their change, then try again.`
          : msg;
    } finally {
      this.saving = false;
    }
  }

  /**
   * requests:changed: the open request changed elsewhere (marked sent, a new
   * message, another window). Reload it unless its header is being saved.
   */
  onChanged(ev: app.ChangeEvent): void {
    const r = this.request;
    if (r && !this.saving && concerns(ev, r.id)) void this.reload();
  }

  async reload(): Promise<void> {
    const id = this.request?.id;
    if (!id) return;
    this.saveError = null;
    try {
      this.replace(await this.#go.RequestService.Get(id));
    } catch (err) {
      this.saveError = errorMessage(err);
    }
  }

  async append(author: string, text: string): Promise<boolean> {
    const r = this.request;
    if (!r || !text.trim()) return false;
    this.appendError = null;
    try {
      this.replace(await this.#go.RequestService.AppendMessage(r.id, { author, text: text.trim() }));
      return true;
    } catch (err) {
      this.appendError = errorMessage(err);
      return false;
    }
  }

  /** Debounced: related knowledge follows the conversation. */
  scheduleRelated(ms = this.#debounceMs): void {
    clearTimeout(this.#relTimer);
    this.#relTimer = setTimeout(() => void this.loadRelated(), ms);
  }

  async loadRelated(): Promise<void> {
    const r = this.request;
    if (!r) return;
    const seq = ++this.#relSeq;
    this.relatedLoading = true;
    try {
      const g = await this.#go.RequestService.Related(r);
      if (seq !== this.#relSeq) return;
      this.related = g;
      this.relatedError = null;
    } catch (err) {
      if (seq === this.#relSeq) this.relatedError = errorMessage(err);
    } finally {
      if (seq === this.#relSeq) this.relatedLoading = false;
    }
  }
}

export const workspaceStore = new WorkspaceStore();
