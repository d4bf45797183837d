const ignore = (): void => undefined;

/**
 * Keeps the calls about one key in call order, whatever they are; calls about different keys run
 * side by side. A call starts at once when no earlier call about its key is pending, else after
 * all of them. Whatever a call was given is checked and copied before it is queued, so what waits
 * is its own. A start that throws is the call's rejection.
 */
export class CallOrder {
  private readonly pending = new Map<string, Promise<void>>();

  run<T>(key: string, start: () => Promise<T>): Promise<T> {
    const before = this.pending.get(key);
    let result: Promise<T>;
    try {
      result = before === undefined ? start() : before.then(start);
    } catch (error) {
      return Promise.reject(error);
    }
    const settled = result.then(ignore, ignore);
    this.pending.set(key, settled);
    void settled.then(() => {
      if (this.pending.get(key) === settled) this.pending.delete(key);
    });
    return result;
  }

  /** Resolves when every call made so far has settled. */
  async idle(): Promise<void> {
    while (this.pending.size > 0) await Promise.all(this.pending.values());
  }
}
