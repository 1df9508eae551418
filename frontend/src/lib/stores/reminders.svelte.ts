// The agent's follow-ups: reminders set by hand or confirmed from a promise in
// a sent reply, the due count for the nav badge, snooze and complete, the
// reminders that fell due while the app was closed, and a notice when one
// falls due while it is open.
import type { LifecycleApi, PromiseProposal, Reminder } from './lifecycleApi';
import { isDue, validTime } from '../followups';
import { errorMessage } from '../errors';

export interface Clock {
  now(): Date;
}
export const systemClock: Clock = { now: () => new Date() };

export type RemindersDeps = Pick<LifecycleApi, 'Reminders' | 'DueReminders' | 'AddReminder' | 'SnoozeReminder' | 'CompleteReminder' | 'ProposeReminders'>;

/** A promise found in a sent reply, waiting for the agent to confirm it as a reminder. */
export interface Proposal extends PromiseProposal {
  requestId: string;
}

export class RemindersStore {
  items = $state<Reminder[]>([]);
  /** Reminders that were already due when the app started (shown until dismissed). */
  atStart = $state<Reminder[]>([]);
  /** Reminders that fell due while the app was open, not yet acknowledged. */
  notices = $state<Reminder[]>([]);
  proposals = $state<Proposal[]>([]);
  error = $state<string | null>(null);
  now = $state(new Date(0));
  #api: RemindersDeps;
  #clock: Clock;
  #notified = new Set<string>();
  #started = false;

  constructor(api: RemindersDeps, clock: Clock = systemClock) {
    this.#api = api;
    this.#clock = clock;
    this.now = clock.now();
  }

  /** Open reminders, soonest first. */
  readonly open = $derived(
    this.items.filter((r) => !validTime(r.doneAt)).sort((a, b) => (validTime(a.due)?.getTime() ?? 0) - (validTime(b.due)?.getTime() ?? 0)),
  );
  readonly due = $derived(this.open.filter((r) => isDue(r.due, this.now)));
  readonly dueCount = $derived(this.due.length);

  forRequest(requestId: string): Reminder[] {
    return this.open.filter((r) => r.requestId === requestId);
  }

  #key(r: Reminder): string {
    return `${r.id}@${r.due}`;
  }

  /** First call: also the reminders that fell due while the app was closed. */
  async load(): Promise<void> {
    try {
      if (!this.#started) {
        this.#started = true;
        const start = await this.#api.DueReminders();
        this.atStart = start;
        for (const r of start) this.#notified.add(this.#key(r));
      }
      this.items = await this.#api.Reminders('');
      this.error = null;
      this.tick();
    } catch (err) {
      this.error = errorMessage(err);
    }
  }

  /** Advances the clock: reminders that just fell due become notices (once per due time). */
  tick(): Reminder[] {
    this.now = this.#clock.now();
    const fresh = this.due.filter((r) => !this.#notified.has(this.#key(r)));
    for (const r of fresh) this.#notified.add(this.#key(r));
    if (fresh.length) this.notices = [...this.notices, ...fresh];
    return fresh;
  }

  /** reminders:due from the back end: newly due reminders (merged, then noticed once). */
  onDue(list: Reminder[]): Reminder[] {
    if (!list.length) return [];
    const ids = new Set(list.map((r) => r.id));
    this.items = [...this.items.filter((r) => !ids.has(r.id)), ...list];
    return this.tick();
  }

  dismissNotice(id: string): void {
    this.notices = this.notices.filter((r) => r.id !== id);
  }

  dismissAtStart(): void {
    this.atStart = [];
  }

  async #write(f: () => Promise<Reminder>): Promise<Reminder | null> {
    try {
      const r = await f();
      this.items = this.items.some((x) => x.id === r.id) ? this.items.map((x) => (x.id === r.id ? r : x)) : [...this.items, r];
      this.notices = this.notices.filter((x) => x.id !== r.id);
      this.atStart = this.atStart.filter((x) => x.id !== r.id);
      this.error = null;
      this.tick();
      return r;
    } catch (err) {
      this.error = errorMessage(err);
      return null;
    }
  }

  add(requestId: string, due: string | null, text: string, source = 'manual'): Promise<Reminder | null> {
    if (!due || !validTime(due)) {
      this.error = 'Pick the date and time the reminder is due.';
      return Promise.resolve(null);
    }
    if (!text.trim()) {
      this.error = 'Say what to follow up on.';
      return Promise.resolve(null);
    }
    return this.#write(() => this.#api.AddReminder({ requestId, due, text: text.trim(), source }));
  }

  snooze(id: string, until: string): Promise<Reminder | null> {
    return this.#write(() => this.#api.SnoozeReminder(id, until));
  }

  complete(id: string): Promise<Reminder | null> {
    return this.#write(() => this.#api.CompleteReminder(id));
  }

  /** After a reply was sent: the promises in it become proposals to confirm. */
  async propose(requestId: string, replyText: string): Promise<void> {
    if (!replyText.trim()) return;
    try {
      const found = await this.#api.ProposeReminders(requestId, replyText);
      this.proposals = [...this.proposals.filter((p) => p.requestId !== requestId), ...found.map((p) => ({ ...p, requestId }))];
    } catch (err) {
      this.error = `Could not look for promises in the reply: ${errorMessage(err)}`;
    }
  }

  proposalsFor(requestId: string): Proposal[] {
    return this.proposals.filter((p) => p.requestId === requestId);
  }

  async confirm(p: Proposal, due: string | null = p.due): Promise<Reminder | null> {
    const r = await this.add(p.requestId, due, p.text, 'promise');
    if (r) this.proposals = this.proposals.filter((x) => x !== p);
    return r;
  }

  dismissProposal(p: Proposal): void {
    this.proposals = this.proposals.filter((x) => x !== p);
  }
}
