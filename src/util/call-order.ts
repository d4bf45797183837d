const ignore = (): void => undefined;

/**
 * Keeps the calls about one key in call order, whatever they are: a call starts at once when no
 * earlier call about its key is pending, else after all of them. Whatever a call was given is
 * checked and copied before it is queued, so what waits is its own.
 */
export class CallOrder {
  private readonly pending = new Map<string, Promise<void>>();

  run<T>(key: string, start: () => Promise<T>): Promise<T> {
    const before = this.pending.get(key);
    const result = before === undefined ? start() : before.then(start);
    const settled = result.then(ignore, ignore);
    this.pending.set(key, settled);
    void settled.then(() => {
      if (this.pending.get(key) === settled) this.pending.delete(key);
    });
    return result;
  }
}
