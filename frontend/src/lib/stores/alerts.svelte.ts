// Pattern alerts (evaluated by the back end) that reach me — on requests I
// own and on those nobody owns — and the thresholds.
import type { Alert, AlertThresholds, LifecycleApi } from './lifecycleApi';

export type AlertsDeps = Pick<LifecycleApi, 'MyAlerts' | 'AlertSettings' | 'SaveAlertSettings'>;
import { errorMessage } from '../errors';

export const RULE_LABELS: Record<string, string> = {
  'no-update': 'No update',
  unanswered: 'Customer waiting for a reply',
  'promise-passed': 'Promised date passed',
  'waiting-internal': 'Waiting on internal',
  'article-changed': 'Cited article changed',
  'step-overrun': 'Procedure step overran',
};
export const ruleLabel = (r: string) => RULE_LABELS[r] ?? r.replace(/-/g, ' ');

export class AlertsStore {
  items = $state<Alert[]>([]);
  error = $state<string | null>(null);
  loading = $state(false);
  thresholds = $state<AlertThresholds | null>(null);
  form = $state<AlertThresholds>({ noUpdateHours: 24, unansweredMessages: 2, waitingInternalHours: 48, checkMinutes: 5 });
  saving = $state(false);
  saved = $state<string | null>(null);
  formError = $state<string | null>(null);
  #api: AlertsDeps;

  constructor(api: AlertsDeps) {
    this.#api = api;
  }

  readonly count = $derived(this.items.length);

  forRequest(id: string): Alert[] {
    return this.items.filter((a) => a.requestId === id);
  }

  async load(): Promise<void> {
    this.loading = true;
    try {
      this.items = await this.#api.MyAlerts();
      this.error = null;
    } catch (err) {
      this.error = errorMessage(err);
    } finally {
      this.loading = false;
    }
  }

  async loadThresholds(): Promise<void> {
    const before = JSON.stringify(this.form);
    try {
      this.thresholds = await this.#api.AlertSettings();
      // What the user typed while the settings were on their way is kept.
      if (JSON.stringify(this.form) === before) this.form = { ...this.thresholds };
      this.formError = null;
    } catch (err) {
      this.formError = errorMessage(err);
    }
  }

  /** Readable problems with the form, or null. */
  validate(t: AlertThresholds = this.form): string | null {
    if (!(t.noUpdateHours >= 1)) return '“No update for” must be at least 1 hour.';
    if (!(t.unansweredMessages >= 1) || !Number.isInteger(t.unansweredMessages)) return '“Customer wrote” must be a whole number of messages, at least 1.';
    if (!(t.waitingInternalHours >= 1)) return '“Waiting on internal for” must be at least 1 hour.';
    if (!(t.checkMinutes >= 1) || !Number.isInteger(t.checkMinutes)) return '“Check every” must be a whole number of minutes, at least 1.';
    return null;
  }

  async saveThresholds(): Promise<boolean> {
    this.saved = null;
    const problem = this.validate();
    if (problem) {
      this.formError = problem;
      return false;
    }
    this.saving = true;
    try {
      const f = this.form;
      this.thresholds = await this.#api.SaveAlertSettings({
        noUpdateHours: Number(f.noUpdateHours),
        unansweredMessages: Number(f.unansweredMessages),
        waitingInternalHours: Number(f.waitingInternalHours),
        checkMinutes: Number(f.checkMinutes),
      });
      this.form = { ...this.thresholds };
      this.formError = null;
      this.saved = 'Alert thresholds saved.';
      void this.load();
      return true;
    } catch (err) {
      this.formError = errorMessage(err);
      return false;
    } finally {
      this.saving = false;
    }
  }
}
