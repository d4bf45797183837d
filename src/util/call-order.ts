const ignore = (): void => undefined;

/**
 * Keeps the calls about one key in call order, whatever they are; calls about different keys run
 * side by side. A call starts at once when no earlier call about its key is pending, else after
 * all of them. A call that has to wait is captured first (`capture` checks and copies its input
 * and returns the deferred start), so what it was given when called is what it applies, even if
 * the caller changes it afterwards. A start or capture that throws is the call's rejection.
 */
export class CallOrder {
  private readonly pending = new Map<string, Promise<void>>();

  run<T>(key: string, start: () => Promise<T>, capture: () => () => Promise<T> = () => start): Promise<T> {
    const before = this.pending.get(key);
    let result: Promise<T>;
    try {
      result = before === undefined ? start() : before.then(capture());
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
