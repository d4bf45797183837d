import { MongoDBStorageAdapter } from '../../adapters/mongodb-storage-adapter';
import type { CvmStorage, StorageAdapter } from '../../adapters/storage-adapter';
import { FORMAT_VERSION } from '../../codec/format-version';
import { CURRENT_EXECUTION_KEY } from '../../repositories/current-execution-key';
import { ConflictError } from '../../errors';
import { EXIT, type ExitCode } from '../cli-errors';
import { withStore, type CommandContext } from '../command-context';
import { collectDamagedRecords, reportDamaged, type DamagedRecord } from '../damaged-records';
import { describeStore } from '../store-target';
import { staleRecordIds, type RecordKind } from '../upgrade/stale-records';

export interface UpgradeResult {
  store: string;
  dryRun: boolean;
  /** The format every rewritten record is in afterwards. */
  formatVersion: number;
  /** Records of an earlier format (the original's, or format 1): rewritten, or on a dry run to be rewritten. */
  programs: string[];
  executions: string[];
  /** Executions a live writer saved after upgrade read them: left as that save wrote them (in the current format). */
  skipped: string[];
  /** Whether the original package's current-execution document (MongoDB) became this package's setting. */
  currentExecution: 'adopted' | 'to adopt' | 'unchanged';
  /** Records that cannot be decoded: left as they are (exit 1). */
  damaged: DamagedRecord[];
}

/**
 * `cvm-storage upgrade [--dry-run]`: rewrites every record stored in an earlier format in the
 * current one, in place. Each stale record is read again just before it is rewritten, and each
 * rewrite is one atomic save: an execution's is fenced on the revision that read returned, so a
 * save a live server made since is kept (the execution is reported as skipped); a program has no
 * revision, so it is re-read and saved as read. A run stopped part-way leaves every record
 * readable in the old format or the new, and running it again finishes the job; a second run
 * finds nothing to do. Output stays where it is (the original's output files and `outputs`
 * documents are read as they are, see docs/compatibility.md).
 */
export async function upgrade(ctx: CommandContext, flags: { dryRun?: boolean }): Promise<ExitCode> {
  const dryRun = flags.dryRun === true;
  const result = await withStore(ctx, ctx.store, async (adapter): Promise<UpgradeResult> => {
    const { result: listed, damaged } = await collectDamagedRecords(async () => ({ programs: await adapter.listPrograms(), executions: await adapter.listExecutions() }));
    const stale = async (kind: RecordKind) => staleRecordIds(adapter, ctx.store, kind, listed[kind].map((record) => record.id));
    const programs = await stale('programs');
    const executions = await stale('executions');
    const skipped = dryRun ? [] : await rewrite(adapter, programs, executions);
    return { store: describeStore(ctx.store), dryRun, formatVersion: FORMAT_VERSION, programs, executions, skipped, currentExecution: await upgradeCurrent(adapter, dryRun), damaged };
  }, { readOnly: dryRun });
  await ctx.reporter.result(result, human);
  await reportDamaged(ctx.reporter, result.damaged);
  return result.damaged.length > 0 ? EXIT.PROBLEMS : EXIT.OK;
}

/** Rewrites the stale records from a fresh read; returns the executions a live writer saved in between. */
async function rewrite(adapter: CvmStorage, programs: readonly string[], executions: readonly string[]): Promise<string[]> {
  for (const id of programs) {
    const program = await adapter.getProgram(id);
    if (program !== null) await adapter.saveProgram(program);
  }
  const skipped: string[] = [];
  for (const id of executions) {
    const read = await adapter.readExecution(id);
    if (read === null) continue;
    try {
      await adapter.saveExecution(read.execution, { expectedRevision: read.revision });
    } catch (error) {
      if (!(error instanceof ConflictError)) throw error;
      skipped.push(id);
    }
  }
  return skipped;
}

/**
 * On MongoDB, the original's `{ _id: 'current' }` document becomes the setting on the first
 * change (metadata-repository.ts). A compare-and-set of the value read to itself makes that
 * change; if a live server set the pointer in between, its value stays (its set adopted too).
 */
async function upgradeCurrent(adapter: StorageAdapter, dryRun: boolean): Promise<UpgradeResult['currentExecution']> {
  if (!(adapter instanceof MongoDBStorageAdapter) || !adapter.connection.original.current) return 'unchanged';
  if (dryRun) return 'to adopt';
  const current = await adapter.getCurrentExecutionId();
  await adapter.repositories.metadata.compareAndSet(CURRENT_EXECUTION_KEY, current, current);
  return 'adopted';
}

function human(r: UpgradeResult): string {
  const verb = r.dryRun ? 'would rewrite' : 'rewrote';
  return [
    `${r.dryRun ? 'dry run: ' : ''}${r.store}: ${verb} ${r.programs.length} programs and ${r.executions.length} executions in format ${r.formatVersion}`,
    ...(r.skipped.length > 0 ? [`skipped ${r.skipped.length} executions a live writer saved meanwhile: ${r.skipped.join(', ')}`] : []),
    `current execution: ${r.currentExecution}`,
  ].join('\n');
}
