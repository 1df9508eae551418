// The customer profile of the open request: preferences that shape drafts
// (preferred name, language, tone, channel), notes, and past requests with
// their outcomes.
import * as RequestService from 'wailsjs/go/app/RequestService';
import type { knowledge } from 'wailsjs/go/models';
import type { CustomerProfile, LifecycleApi } from './lifecycleApi';
import { errorMessage } from '../errors';

export type CustomerDeps = {
  LifecycleService: Pick<LifecycleApi, 'CustomerProfile' | 'SaveCustomerProfile'>;
  RequestService: Pick<typeof RequestService, 'CustomerHistory'>;
};

export class CustomerStore {
  profile = $state<CustomerProfile | null>(null);
  form = $state<CustomerProfile | null>(null);
  past = $state<knowledge.RequestSummary[]>([]);
  error = $state<string | null>(null);
  saving = $state(false);
  saved = $state(false);
  #go: CustomerDeps;
  #seq = 0;

  constructor(deps: CustomerDeps) {
    this.#go = deps;
  }

  readonly dirty = $derived(!!this.form && !!this.profile && JSON.stringify(this.form) !== JSON.stringify(this.profile));

  async load(contact: string, excludeId = ''): Promise<void> {
    const seq = ++this.#seq;
    this.saved = false;
    try {
      const [p, past] = await Promise.all([this.#go.LifecycleService.CustomerProfile(contact), this.#go.RequestService.CustomerHistory(contact)]);
      if (seq !== this.#seq) return;
      this.profile = p;
      this.form = { ...p };
      this.past = past.filter((r) => r.id !== excludeId);
      this.error = null;
    } catch (err) {
      if (seq === this.#seq) this.error = errorMessage(err);
    }
  }

  reset(): void {
    if (this.profile) this.form = { ...this.profile };
  }

  async save(): Promise<boolean> {
    const f = this.form;
    if (!f) return false;
    if (!f.name.trim()) {
      this.error = 'The customer’s name cannot be empty.';
      return false;
    }
    this.saving = true;
    this.saved = false;
    try {
      const p = await this.#go.LifecycleService.SaveCustomerProfile({ ...f, name: f.name.trim(), preferredName: f.preferredName.trim() });
      this.profile = p;
      this.form = { ...p };
      this.error = null;
      this.saved = true;
      return true;
    } catch (err) {
      this.error = errorMessage(err);
      return false;
    } finally {
      this.saving = false;
    }
  }
}
