/**
 * The revision this process last read or wrote of each record, so that the next unfenced save can
 * be a plain replace filtered on it. Only a hint: the filter is what makes the save correct, and a
 * hint another process made stale only costs the fallback. Hints from before a reconnect (another
 * server, perhaps) are never used; beyond `capacity` records, the oldest are forgotten.
 */
export class RevisionHints {
  private readonly hints = new Map<string, { revision: number; generation: number }>();

  constructor(private readonly capacity: number) {}

  remember(id: string, revision: number, generation: number): void {
    this.hints.delete(id);
    this.hints.set(id, { revision, generation });
    if (this.hints.size > this.capacity) this.hints.delete(this.hints.keys().next().value as string);
  }

  /** The hint for `id` made in this `generation`, forgotten as it is handed out; undefined when none. */
  take(id: string, generation?: number): number | undefined {
    const hint = this.hints.get(id);
    if (hint === undefined) return undefined;
    this.hints.delete(id);
    return generation === undefined || hint.generation === generation ? hint.revision : undefined;
  }
}
