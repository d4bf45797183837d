/**
 * A counting semaphore: at most `capacity` tasks run at once; the others wait in call order.
 * A task's slot is released when it settles, whether it resolved or threw.
 */
export class Semaphore {
  private running = 0;
  private readonly waiting: (() => void)[] = [];

  constructor(readonly capacity: number) {
    if (!Number.isInteger(capacity) || capacity < 1) throw new RangeError(`capacity must be a positive integer, got ${capacity}`);
  }

  async use<T>(task: () => Promise<T>): Promise<T> {
    if (this.running >= this.capacity) await new Promise<void>((resolve) => this.waiting.push(resolve));
    else this.running += 1;
    try {
      return await task();
    } finally {
      const next = this.waiting.shift();
      // The slot passes straight to the next waiter, so `running` never drops below the load.
      if (next) next();
      else this.running -= 1;
    }
  }

  /** Tasks running now (for tests and figures). */
  get active(): number {
    return this.running;
  }
}
