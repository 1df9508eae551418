// The customer-facing progress update: generated from the timeline, edited
// by the agent, copied or exported as Markdown or HTML.
import * as SystemService from 'wailsjs/go/app/SystemService';
import type { LifecycleApi } from './lifecycleApi';
import { errorMessage } from '../errors';
import { markdownToHtml } from '../progressFormat';

export type Saver = (filename: string, mime: string, text: string) => void | Promise<void>;

/** Saves text as a file through the browser's download mechanism. */
export const downloadSaver: Saver = (filename, mime, text) => {
  const url = URL.createObjectURL(new Blob([text], { type: mime }));
  const a = document.createElement('a');
  a.href = url;
  a.download = filename;
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 1000);
};

export type ProgressDeps = {
  LifecycleService: Pick<LifecycleApi, 'ProgressUpdate'>;
  SystemService: Pick<typeof SystemService, 'CopyToClipboard'>;
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
  #go: ProgressDeps;
  #save: Saver;
  #requestId = '';

  constructor(deps: ProgressDeps, save: Saver = downloadSaver) {
    this.#go = deps;
    this.#save = save;
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

  async export(format: 'md' | 'html'): Promise<void> {
    const name = `progress-update-${this.#requestId || 'request'}.${format}`;
    try {
      if (format === 'md') await this.#save(name, 'text/markdown;charset=utf-8', this.text.endsWith('\n') ? this.text : this.text + '\n');
      else await this.#save(name, 'text/html;charset=utf-8', htmlDocument(this.html));
      this.notice = `Exported ${name} to your downloads.`;
      this.error = null;
    } catch (err) {
      this.error = errorMessage(err);
    }
  }
}

function htmlDocument(body: string): string {
  return `<!doctype html>\n<html lang="en">\n<head><meta charset="utf-8"><title>Progress update</title></head>\n<body>\n${body}\n</body>\n</html>\n`;
}
