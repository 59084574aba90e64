/**
 * In-process notifications the engine raises after a command commits: a waiting fetch-and-lock request
 * wakes up as soon as a task of its topic becomes available on this node.
 */
export class EngineEvents {
  private readonly listeners = new Set<(topic: string | null) => void>();

  /** Subscribes to "an external task may be available"; `topic` null means any topic. Returns an unsubscribe function. */
  onExternalTaskAvailable(listener: (topic: string | null) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** Announces that an external task of `topic` (or of any topic) may be fetchable now. */
  externalTaskAvailable(topic: string | null): void {
    for (const l of [...this.listeners]) l(topic);
  }

  private readonly jobListeners = new Set<(dueDate: number | null) => void>();

  /** Subscribes to "a job was created or rescheduled, due at `dueDate`" (the job executor plans its wake-up). */
  onJobScheduled(listener: (dueDate: number | null) => void): () => void {
    this.jobListeners.add(listener);
    return () => this.jobListeners.delete(listener);
  }

  /** Announces, after the commit, that a job is due at `dueDate` (null: now). */
  jobScheduled(dueDate: number | null): void {
    for (const l of [...this.jobListeners]) l(dueDate);
  }
}
