// The open request's lifecycle (LifecycleService.Overview): status, next step
// and due date, owner, departments consulted, the attached procedure and the
// timeline, with the writes that change them. Every write returns the new
// overview, which replaces the shown one.
import type { LifecycleApi, RequestOverview } from './lifecycleApi';
import { chronological, isDue, validTime } from '../followups';
import { errorMessage } from '../errors';

export type LifecycleDeps = Pick<LifecycleApi, 'Overview' | 'SetStatus' | 'SetNextStep' | 'Assign' | 'HandOver' | 'AttachProcedure' | 'CompleteStep'>;

export class LifecycleStore {
  overview = $state<RequestOverview | null>(null);
  loading = $state(false);
  saving = $state(false);
  error = $state<string | null>(null);
  saveError = $state<string | null>(null);
  now = $state(new Date());
  #api: LifecycleDeps;
  #seq = 0;
  #id = '';

  constructor(api: LifecycleDeps) {
    this.#api = api;
  }

  /** The timeline, oldest first. */
  readonly timeline = $derived(this.overview ? chronological(this.overview.timeline) : []);
  readonly status = $derived(this.overview?.request.status ?? '');
  readonly plan = $derived(this.overview?.state.plan ?? null);
  readonly stepsDone = $derived(this.plan?.steps.filter((s) => validTime(s.doneAt)).length ?? 0);
  /** Steps not done whose due time passed. */
  readonly stepsOverrun = $derived(this.plan?.steps.filter((s) => !validTime(s.doneAt) && isDue(s.due, this.now)).length ?? 0);
  /** "Resolved across N departments" once resolved or closed; otherwise "N departments consulted". */
  readonly departmentsLine = $derived.by(() => {
    const o = this.overview;
    if (!o || o.departments.length === 0) return '';
    const n = o.departments.length;
    const what = `${n} ${n === 1 ? 'department' : 'departments'}`;
    return o.request.status === 'resolved' || o.request.status === 'closed' ? `Resolved across ${what}` : `${what} consulted`;
  });

  async load(requestId: string, now = new Date()): Promise<void> {
    const seq = ++this.#seq;
    if (this.#id !== requestId) {
      this.overview = null;
      this.saveError = null;
    }
    this.#id = requestId;
    this.now = now;
    this.loading = true;
    try {
      const o = await this.#api.Overview(requestId);
      if (seq !== this.#seq) return;
      this.overview = o;
      this.error = null;
    } catch (err) {
      if (seq === this.#seq) this.error = errorMessage(err);
    } finally {
      if (seq === this.#seq) this.loading = false;
    }
  }

  close(): void {
    this.#seq++;
    this.#id = '';
    this.overview = null;
    this.error = null;
    this.saveError = null;
  }

  async #save(f: (id: string) => Promise<RequestOverview>): Promise<RequestOverview | null> {
    const id = this.#id;
    if (!id) return null;
    this.saving = true;
    this.saveError = null;
    try {
      const o = await f(id);
      if (this.#id === id) {
        this.#seq++; // a load in flight would show the older state
        this.overview = o;
        this.loading = false;
      }
      return o;
    } catch (err) {
      if (this.#id === id) this.saveError = errorMessage(err);
      return null;
    } finally {
      this.saving = false;
    }
  }

  setStatus(status: string, note = ''): Promise<RequestOverview | null> {
    if (!this.overview || this.overview.request.status === status) return Promise.resolve(null);
    return this.#save((id) => this.#api.SetStatus(id, status, note.trim()));
  }

  setNextStep(step: string, due: string): Promise<RequestOverview | null> {
    return this.#save((id) => this.#api.SetNextStep(id, step.trim(), due));
  }

  /** Takes the request ("" = me) or assigns it to a colleague. */
  assign(agent = ''): Promise<RequestOverview | null> {
    return this.#save((id) => this.#api.Assign(id, agent.trim()));
  }

  handOver(to: string, note: string): Promise<RequestOverview | null> {
    if (!to.trim()) {
      this.saveError = 'Enter the colleague who takes the request over.';
      return Promise.resolve(null);
    }
    if (!note.trim()) {
      this.saveError = 'Write a hand-over note: what has been done and what is next.';
      return Promise.resolve(null);
    }
    return this.#save((id) => this.#api.HandOver(id, to.trim(), note.trim()));
  }

  attachProcedure(articleId: string): Promise<RequestOverview | null> {
    if (!articleId) {
      this.saveError = 'Pick a procedure to attach.';
      return Promise.resolve(null);
    }
    return this.#save((id) => this.#api.AttachProcedure(id, articleId));
  }

  /** Checks off step i (0-based in the plan; the service counts from 1). */
  completeStep(i: number): Promise<RequestOverview | null> {
    return this.#save((id) => this.#api.CompleteStep(id, i + 1));
  }

  /** Shows an overview another store's write returned (e.g. a progress update sent). */
  replace(o: RequestOverview): void {
    if (o.request.id === this.#id) {
      this.#seq++;
      this.overview = o;
    }
  }

  /** requests:changed for this request (or a bulk change): reload unless saving. */
  onChanged(ids: string[]): void {
    if (this.#id && !this.saving && (ids.length === 0 || ids.includes(this.#id))) void this.load(this.#id);
  }
}
