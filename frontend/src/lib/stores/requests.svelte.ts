// The request list: status chips, a text filter and creating requests.
import * as RequestService from 'wailsjs/go/app/RequestService';
import type { knowledge } from 'wailsjs/go/models';
import { errorMessage } from '../errors';

export interface RequestsDeps {
  RequestService: Pick<typeof RequestService, 'List' | 'Create'>;
}

export interface NewRequestForm {
  name: string;
  contact: string;
  channel: string;
  subject: string;
  message: string;
}

export function emptyForm(): NewRequestForm {
  return { name: '', contact: '', channel: 'email', subject: '', message: '' };
}

/** Readable problems with a new-request form, by field. */
export function validateForm(f: NewRequestForm): Partial<Record<keyof NewRequestForm, string>> {
  const e: Partial<Record<keyof NewRequestForm, string>> = {};
  if (!f.name.trim()) e.name = 'Enter the customer’s name.';
  if (!f.contact.trim()) e.contact = 'Enter an e-mail address or phone number, so earlier requests can be found.';
  if (!f.subject.trim()) e.subject = 'Give the request a subject.';
  if (!f.message.trim()) e.message = 'Paste or type what the customer wrote.';
  return e;
}

export class RequestsStore {
  items = $state<knowledge.RequestSummary[]>([]);
  statuses = $state<string[]>([]);
  query = $state('');
  loading = $state(false);
  error = $state<string | null>(null);
  #go: RequestsDeps;
  #seq = 0;
  #timer: ReturnType<typeof setTimeout> | undefined;
  #changeTimer: ReturnType<typeof setTimeout> | undefined;
  #changeMs: number;

  constructor(deps: RequestsDeps = { RequestService }, changeDebounceMs = 100) {
    this.#go = deps;
    this.#changeMs = changeDebounceMs;
  }

  /** requests:changed: statuses, counts and order may all have moved; reload once per burst. */
  onChanged(): void {
    clearTimeout(this.#changeTimer);
    this.#changeTimer = setTimeout(() => void this.load(), this.#changeMs);
  }

  async load(): Promise<void> {
    const seq = ++this.#seq;
    this.loading = true;
    try {
      const items = await this.#go.RequestService.List({ statuses: this.statuses, query: this.query.trim(), limit: 200 });
      if (seq !== this.#seq) return;
      this.items = items;
      this.error = null;
    } catch (err) {
      if (seq === this.#seq) this.error = errorMessage(err);
    } finally {
      if (seq === this.#seq) this.loading = false;
    }
  }

  toggleStatus(s: string): void {
    this.statuses = this.statuses.includes(s) ? this.statuses.filter((x) => x !== s) : [...this.statuses, s];
    void this.load();
  }

  setQuery(q: string, debounceMs = 200): void {
    this.query = q;
    clearTimeout(this.#timer);
    this.#timer = setTimeout(() => void this.load(), debounceMs);
  }

  async create(f: NewRequestForm): Promise<knowledge.SupportRequest> {
    const r = await this.#go.RequestService.Create({
      id: '',
      version: 0,
      subject: f.subject.trim(),
      channel: f.channel,
      status: 'new',
      customer: { name: f.name.trim(), contact: f.contact.trim() },
      messages: [{ author: 'customer', text: f.message.trim() }],
    });
    void this.load();
    return r;
  }
}

export const requestsStore = new RequestsStore();
