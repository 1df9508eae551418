// The request list: status chips, a text filter and creating requests.
import { errorMessage } from '../api';
import { wsApi, type WsApi } from '../api-workspace';
import type { Channel, RequestStatus, RequestSummary, SupportRequest } from '../workspace-types';

export interface NewRequestForm {
  name: string;
  contact: string;
  channel: Channel;
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
  items = $state<RequestSummary[]>([]);
  statuses = $state<RequestStatus[]>([]);
  query = $state('');
  loading = $state(false);
  error = $state<string | null>(null);
  #api: Pick<WsApi, 'listRequests' | 'createRequest'>;
  #seq = 0;
  #timer: ReturnType<typeof setTimeout> | undefined;

  constructor(a: Pick<WsApi, 'listRequests' | 'createRequest'> = wsApi) {
    this.#api = a;
  }

  async load(): Promise<void> {
    const seq = ++this.#seq;
    this.loading = true;
    try {
      const items = await this.#api.listRequests({ statuses: this.statuses, query: this.query.trim(), limit: 200 });
      if (seq !== this.#seq) return;
      this.items = items;
      this.error = null;
    } catch (err) {
      if (seq === this.#seq) this.error = errorMessage(err);
    } finally {
      if (seq === this.#seq) this.loading = false;
    }
  }

  toggleStatus(s: RequestStatus): void {
    this.statuses = this.statuses.includes(s) ? this.statuses.filter((x) => x !== s) : [...this.statuses, s];
    void this.load();
  }

  setQuery(q: string, debounceMs = 200): void {
    this.query = q;
    clearTimeout(this.#timer);
    this.#timer = setTimeout(() => void this.load(), debounceMs);
  }

  async create(f: NewRequestForm): Promise<SupportRequest> {
    const r = await this.#api.createRequest({
      id: '',
      version: 0,
      subject: f.subject.trim(),
      channel: f.channel,
      status: 'open',
      customer: { name: f.name.trim(), contact: f.contact.trim() },
      messages: [{ author: 'customer', text: f.message.trim() }],
    });
    void this.load();
    return r;
  }
}

export const requestsStore = new RequestsStore();
