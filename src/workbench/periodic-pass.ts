/** A background job that makes one pass at a time, on demand (`runOnce`) or at an interval (`start`). */
export abstract class PeriodicPass<T> {
  private timer: NodeJS.Timeout | null = null;
  private running: Promise<T> | null = null;

  /** One pass; while one runs, callers share it. */
  runOnce(): Promise<T> {
    this.running ??= this.pass().finally(() => {
      this.running = null;
    });
    return this.running;
  }

  /** Runs a pass every `intervalMs`; failures are left to the next pass. */
  start(intervalMs: number, onError: (error: unknown) => void): void {
    if (this.timer) return;
    this.timer = setInterval(() => {
      this.runOnce().catch(onError);
    }, intervalMs);
    this.timer.unref();
  }

  /** Stops the passes, waiting for one in progress. */
  async stop(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
    await this.running?.catch(() => undefined);
  }

  /** The work of one pass. */
  protected abstract pass(): Promise<T>;
}
