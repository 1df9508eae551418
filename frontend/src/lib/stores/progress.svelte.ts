// The customer-facing progress update: generated from the timeline, edited
// by the agent, copied or exported as Markdown or HTML.
import * as SystemService from 'wailsjs/go/app/SystemService';
import type { LifecycleApi, RequestOverview } from './lifecycleApi';
import { errorMessage } from '../errors';
import { markdownToHtml } from '../progressFormat';

export type ProgressDeps = {
  LifecycleService: Pick<LifecycleApi, 'ProgressUpdate' | 'SendProgressUpdate' | 'ExportProgressUpdate'>;
  SystemService: Pick<typeof SystemService, 'CopyToClipboard' | 'PickFolder'>;
};

export class ProgressStore {
  open = $state(false);
  loading = $state(false);
  text = $state('');
  generated = $state('');
  error = $state<string | null>(null);
  notice = $state<string | null>(null);
  fromLLM = $state(false);
  llmError = $state('');
  sending = $state(false);
  #go: ProgressDeps;
  #requestId = '';

  constructor(deps: ProgressDeps) {
    this.#go = deps;
  }

  readonly edited = $derived(this.text !== this.generated);
  readonly html = $derived(markdownToHtml(this.text));

  async show(requestId: string): Promise<void> {
    this.#requestId = requestId;
    this.open = true;
    this.loading = true;
    this.notice = null;
    this.error = null;
    try {
      const u = await this.#go.LifecycleService.ProgressUpdate(requestId);
      if (this.#requestId !== requestId) return;
      this.fromLLM = u.fromLLM;
      this.llmError = u.llmError ?? '';
      this.generated = u.markdown;
      this.text = u.markdown;
    } catch (err) {
      this.error = errorMessage(err);
    } finally {
      this.loading = false;
    }
  }

  close(): void {
    this.open = false;
  }

  async copy(): Promise<boolean> {
    try {
      await this.#go.SystemService.CopyToClipboard(this.text);
      this.notice = 'Copied to the clipboard.';
      this.error = null;
      return true;
    } catch (err) {
      this.error = errorMessage(err);
      return false;
    }
  }

  /** Copies the update and records it as sent: it joins the conversation and the timeline. */
  async send(): Promise<RequestOverview | null> {
    if (!(await this.copy())) return null;
    this.sending = true;
    try {
      const o = await this.#go.LifecycleService.SendProgressUpdate(this.#requestId, this.text);
      this.notice = 'Copied, and added to the conversation as your reply.';
      return o;
    } catch (err) {
      this.error = `Copied, but not recorded as sent: ${errorMessage(err)}`;
      return null;
    } finally {
      this.sending = false;
    }
  }

  /** Asks for a folder (the native dialog) and writes the update there as Markdown or HTML. */
  async export(format: 'md' | 'html'): Promise<string | null> {
    try {
      const folder = await this.#go.SystemService.PickFolder('Export the progress update to…');
      if (!folder) return null; // cancelled
      const f = await this.#go.LifecycleService.ExportProgressUpdate(this.#requestId, this.text, format, folder);
      this.notice = `Saved ${f.path}`;
      this.error = null;
      return f.path;
    } catch (err) {
      this.error = errorMessage(err);
      return null;
    }
  }
}
