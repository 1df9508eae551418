// Team mode: the team queue of unassigned and overdue requests.
import type { LifecycleApi, QueueItem } from './lifecycleApi';
import { errorMessage } from '../errors';

export class TeamQueueStore {
  queue = $state<QueueItem[]>([]);
  error = $state<string | null>(null);
  loaded = $state(false);
  #api: Pick<LifecycleApi, 'TeamQueue'>;

  constructor(api: Pick<LifecycleApi, 'TeamQueue'>) {
    this.#api = api;
  }

  readonly unassigned = $derived(this.queue.filter((q) => q.reason === 'unassigned'));
  readonly overdue = $derived(this.queue.filter((q) => q.reason === 'overdue'));

  async load(): Promise<void> {
    try {
      this.queue = await this.#api.TeamQueue();
      this.error = null;
    } catch (err) {
      this.error = errorMessage(err);
    } finally {
      this.loaded = true;
    }
  }
}
