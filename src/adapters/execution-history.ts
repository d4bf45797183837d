import { AlreadyExistsError, ConflictError } from '../errors';
import type { HistoryEntry, HistoryRepository } from '../repositories/history-repository';
import type { Revisioned, SaveOptions } from '../repositories/record-repository';
import type { StorageBackend } from '../repositories/storage-connection';
import type { Execution, ExecutionRevision, ExecutionRevisionPage, HistoryOptions } from '../types';

/** How often an unfenced save with history on starts again after losing a race to another writer. */
const MAX_SAVE_ATTEMPTS = 100;
/** How many executions' last recorded revision an adapter remembers (least recently saved forgotten first). */
const MAX_REMEMBERED = 10_000;

/**
 * History over one backend: what the adapter runs, in call order with the other calls about the
 * execution, once it has checked the call. Reads work whenever the backend keeps history; saves
 * record and trim only with the `history` option (see RepositoryStorageAdapter).
 */
export class ExecutionHistory {
  constructor(
    private readonly backend: StorageBackend,
    private readonly entries: HistoryRepository,
    private readonly options: HistoryOptions | undefined,
  ) {}

  /** The revision this adapter last recorded per execution: its next save need not record it again. */
  private readonly recorded = new Map<string, number>();

  get recording(): boolean {
    return this.options !== undefined;
  }

  /**
   * Saves only at the revision read, then records the saved state under the revision it got,
   * with the output length it had when written (a committed step's lines included), and trims
   * beyond `keep` (every `keep` saves; reads leave out the rest meanwhile). Before the save, the
   * state it replaces is recorded too unless this adapter recorded it (another writer's, or one
   * whose record a crash cut short): a no-op when stored, since an entry never changes. When this
   * adapter wrote the revision it last recorded, it saves fenced on that one without reading it
   * first (see fastSave). A save that loses the race to another writer records nothing of its
   * own, so only true states are kept. A save the caller fenced keeps its fence and its
   * ConflictError; an unfenced one starts again on a conflict.
   */
  async save(execution: Execution, fence: SaveOptions | undefined): Promise<void> {
    const id = execution.id;
    const given = fence?.expectedRevision;
    // Taken at every save, so that it is used only right after an append.
    const appended = this.backend.outputs.takeAppendedLength(id);
    if (await this.fastSave(execution, fence, appended)) return;
    for (let attempt = 1; ; attempt++) {
      const [now, length] = await Promise.all([this.backend.executions.read(id), this.backend.outputs.length(id)]);
      const at = now?.revision ?? null;
      // The caller's fence decides; the backend gives the ConflictError it always gave.
      if (given !== undefined && given !== at) return this.backend.executions.save(execution, fence);
      if (now !== null && this.recorded.get(id) !== now.revision) await this.entries.record(id, { revision: now.revision, execution: now.record, outputLength: length });
      try {
        await this.backend.executions.save(execution, { ...fence, expectedRevision: at });
      } catch (error) {
        if (error instanceof ConflictError && given === undefined && attempt < MAX_SAVE_ATTEMPTS) continue;
        throw error;
      }
      const revision = at === null ? await this.revisionOf(id) : at + 1;
      await this.recordWritten(id, execution, revision, length + (fence?.output?.length ?? 0));
      return;
    }
  }

  /**
   * The save when this adapter recorded the revision it expects to be current: fenced on it, so
   * the state it replaces is one already recorded, and the new state recorded with it by the
   * backend (HistoryRepository.saveRecorded). Beside the save run the output length's read (this
   * adapter orders its calls per execution, so none of its appends runs meanwhile; a committed
   * step's lines are counted before; `appended`, the length this process's append just left,
   * when the backend knows it, saves the read) and the trim. False, having changed nothing, when another
   * writer saved since or the caller fenced on another revision: the full save runs then (and
   * gives the caller's ConflictError).
   */
  private async fastSave(execution: Execution, fence: SaveOptions | undefined, appended: number | undefined): Promise<boolean> {
    const id = execution.id;
    const known = this.recorded.get(id);
    const given = fence?.expectedRevision;
    if (known === undefined || (given !== undefined && given !== known)) return false;
    const lines = fence?.output?.length ?? 0;
    const counted = lines > 0 ? await this.backend.outputs.length(id) : null;
    const outputLength = counted !== null ? Promise.resolve(counted + lines) : appended !== undefined ? Promise.resolve(appended) : this.backend.outputs.length(id);
    const [saved] = await Promise.all([
      this.entries.saveRecorded(this.backend.executions, execution, { fence: { ...fence, expectedRevision: known }, fencedByCaller: given !== undefined, outputLength }).then(
        () => true,
        (error: unknown) => (error instanceof ConflictError ? false : Promise.reject(error)),
      ),
      this.trim(id, known),
      // Settled here too, so that a save refused before it asked leaves no rejection unheard.
      outputLength.catch(() => undefined),
    ]);
    if (!saved) {
      this.recorded.delete(id);
      return false;
    }
    this.remember(id, known + 1);
    return true;
  }

  /** After a create: records the created state. */
  async created(execution: Execution): Promise<void> {
    const length = await this.backend.outputs.length(execution.id);
    await this.recordWritten(execution.id, execution, await this.revisionOf(execution.id), length);
  }

  /** Newest first, below `before`: the kept states, the current one first (from the record itself when its entry is missing). */
  async list(executionId: string, before: number | null, limit: number): Promise<ExecutionRevisionPage> {
    const now = await this.backend.executions.read(executionId);
    if (now === null) return { revisions: [], next: null };
    const below = before === null ? now.revision + 1 : Math.min(before, now.revision + 1);
    const floor = this.floorOf(now.revision);
    const found = (await this.entries.list(executionId, { before: below, limit: limit + 1 })).filter((entry) => entry.revision >= floor);
    if (below > now.revision && found[0]?.revision !== now.revision) found.unshift(await this.liveEntry(executionId, now));
    const page = found.slice(0, limit);
    return { revisions: page.map(summaryOf), next: found.length > limit ? page[page.length - 1].revision : null };
  }

  /** The state at `revision` with its output length, or null when none is kept. */
  async at(executionId: string, revision: number): Promise<HistoryEntry | null> {
    const now = await this.backend.executions.read(executionId);
    if (now === null || revision > now.revision || revision < this.floorOf(now.revision)) return null;
    const entry = await this.entries.get(executionId, revision);
    if (entry !== null || revision !== now.revision) return entry;
    return this.liveEntry(executionId, now);
  }

  /**
   * Creates `forked` (already checked) with the lines the source had at that revision, as one
   * committed step of a save fenced on "no record yet": all of it lands, or nothing does.
   */
  async fork(forked: Execution, lines: string[]): Promise<void> {
    try {
      await this.backend.executions.save(forked, { expectedRevision: null, ...(lines.length > 0 ? { output: lines } : {}) });
    } catch (error) {
      if (error instanceof ConflictError) throw new AlreadyExistsError('execution id', forked.id);
      throw error;
    }
  }

  /**
   * Whatever the option: an adapter with history off removes the entries an earlier one recorded
   * too, or they would attach to a later execution created under the same id.
   */
  async remove(executionId: string): Promise<void> {
    await this.entries.delete(executionId);
  }

  private async recordWritten(id: string, execution: Execution, revision: number, outputLength: number): Promise<void> {
    await this.entries.record(id, { revision, execution, outputLength });
    this.remember(id, revision);
    await this.trim(id, revision);
  }

  /**
   * Every `keep` revisions, removes the entries below `current`'s floor: reads leave them out
   * already (see floorOf), so up to `keep` extra entries cost only their space, and most saves
   * skip the trim's call. Safe whatever the save beside it does: it removes only what `current`
   * itself leaves out.
   */
  private async trim(id: string, current: number): Promise<void> {
    const keep = this.options?.keep;
    if (typeof keep === 'number' && current % keep === 0) await this.entries.trimBelow(id, current - keep);
  }

  /** The oldest revision kept beside the current one: `keep` below it, or none with `keep: 'all'` or history off. */
  private floorOf(current: number): number {
    const keep = this.options?.keep;
    return typeof keep === 'number' ? current - keep : 0;
  }

  private remember(id: string, revision: number): void {
    this.recorded.delete(id);
    this.recorded.set(id, revision);
    if (this.recorded.size > MAX_REMEMBERED) this.recorded.delete(this.recorded.keys().next().value as string);
  }

  private async revisionOf(id: string): Promise<number> {
    const read = await this.backend.executions.read(id);
    if (read === null) throw new ConflictError('execution id', id, null, null, 'it was deleted as it was saved');
    return read.revision;
  }

  /** The current record as an entry, its output length read now: for a state no entry was recorded for. */
  private async liveEntry(executionId: string, now: Revisioned<Execution>): Promise<HistoryEntry> {
    return { revision: now.revision, execution: now.record, outputLength: await this.backend.outputs.length(executionId) };
  }
}

function summaryOf(entry: HistoryEntry): ExecutionRevision {
  const { state, pc, updated } = entry.execution;
  return { revision: entry.revision, state, pc, ...(updated === undefined ? {} : { updated }), outputLength: entry.outputLength };
}
