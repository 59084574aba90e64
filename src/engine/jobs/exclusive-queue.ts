/**
 * Runs asynchronous tasks with at most `limit` of them at a time, and tasks that share a key strictly one after
 * another, in the order they were handed in (the job executor keys a job by its process instance, as Camunda runs
 * exclusive jobs). A task waiting for an earlier task of its key holds no slot, so other keys go ahead meanwhile.
 */
export class ExclusiveQueue {
  private active = 0;
  private readonly waiting: Array<() => void> = [];
  private readonly tails = new Map<string, Promise<void>>();

  constructor(private readonly limit: number) {
    if (!Number.isInteger(limit) || limit < 1) throw new RangeError(`the concurrency limit must be a positive integer (got ${limit})`);
  }

  /** Tasks running now. */
  get running(): number {
    return this.active;
  }

  /**
   * Runs `task` once the earlier tasks of `key` have ended (null: no key) and, unless `slot` is false, a slot is
   * free; resolves or rejects as the task does.
   */
  run<T>(key: string | null, task: () => Promise<T>, slot = true): Promise<T> {
    const previous = key === null ? undefined : this.tails.get(key);
    const body = slot ? () => this.inSlot(task) : task;
    const result = previous ? previous.then(body) : body();
    if (key !== null) {
      const tail = result.then(() => undefined, () => undefined);
      this.tails.set(key, tail);
      void tail.then(() => {
        if (this.tails.get(key) === tail) this.tails.delete(key);
      });
    }
    return result;
  }

  // helpers ////

  private async inSlot<T>(task: () => Promise<T>): Promise<T> {
    if (this.active < this.limit) this.active++;
    else await new Promise<void>((handOver) => this.waiting.push(handOver)); // the slot passes straight from the task that frees it
    try {
      return await task();
    } finally {
      const next = this.waiting.shift();
      if (next) next();
      else this.active--;
    }
  }
}
