// Time-left estimates for long background work (an import, an index
// build): the rate is measured from the first report of a phase, so the
// estimate settles as the work runs and says nothing until it has seen
// enough to mean something.

/** Seconds of a phase seen before an estimate is given. */
export const ETA_MIN_SECONDS = 2;

export interface ProgressReport {
  phase: string;
  done: number;
  total: number;
}

export class RateEstimator {
  #now: () => number;
  #phase = '';
  #total = 0;
  #startDone = 0;
  #startAt = 0;
  #lastDone = 0;
  #lastAt = 0;

  /** now returns milliseconds (Date.now by default; tests pass a fake clock). */
  constructor(now: () => number = Date.now) {
    this.#now = now;
  }

  /** Records a report; a new phase, a new total or a count that went back starts over. */
  observe(p: ProgressReport): void {
    const t = this.#now();
    if (p.phase !== this.#phase || p.total !== this.#total || p.done < this.#lastDone || this.#startAt === 0) {
      this.#phase = p.phase;
      this.#total = p.total;
      this.#startDone = p.done;
      this.#startAt = t;
    }
    this.#lastDone = p.done;
    this.#lastAt = t;
  }

  reset(): void {
    this.#phase = '';
    this.#total = 0;
    this.#startAt = 0;
    this.#lastDone = 0;
  }

  /** Estimated seconds left, or null while there is too little to go on. */
  remaining(): number | null {
    const elapsed = (this.#lastAt - this.#startAt) / 1000;
    const moved = this.#lastDone - this.#startDone;
    if (this.#startAt === 0 || this.#total <= 0 || elapsed < ETA_MIN_SECONDS || moved <= 0) return null;
    const left = Math.max(0, this.#total - this.#lastDone);
    return (left * elapsed) / moved;
  }
}

/** "about 40 s left", "about 3 min left", "about 1 h 5 min left"; "" for null. */
export function formatRemaining(sec: number | null): string {
  if (sec === null || !Number.isFinite(sec)) return '';
  if (sec < 10) return 'a few seconds left';
  if (sec < 60) return `about ${Math.round(sec / 5) * 5} s left`;
  const min = Math.round(sec / 60);
  if (min < 60) return `about ${min} min left`;
  const h = Math.floor(min / 60);
  const m = min % 60;
  return m ? `about ${h} h ${m} min left` : `about ${h} h left`;
}
