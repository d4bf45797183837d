import { MongoDBStorageAdapter } from '../../adapters/mongodb-storage-adapter';
import type { StorageAdapter } from '../../adapters/storage-adapter';
import { FORMAT_VERSION } from '../../codec/format-version';
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
  /** Whether the original package's current-execution document (MongoDB) became this package's setting. */
  currentExecution: 'adopted' | 'to adopt' | 'unchanged';
  /** Records that cannot be decoded: left as they are (exit 1). */
  damaged: DamagedRecord[];
}

/**
 * `cvm-storage upgrade [--dry-run]`: rewrites every record stored in an earlier format in the
 * current one, in place. Each record is one atomic save of what a read returns, so a run stopped
 * part-way leaves every record readable in the old format or the new, and running it again
 * finishes the job; a second run finds nothing to do. Output stays where it is (the original's
 * output files and `outputs` documents are read as they are, see docs/compatibility.md).
 */
export async function upgrade(ctx: CommandContext, flags: { dryRun?: boolean }): Promise<ExitCode> {
  const dryRun = flags.dryRun === true;
  const result = await withStore(ctx, ctx.store, async (adapter): Promise<UpgradeResult> => {
    const { result: listed, damaged } = await collectDamagedRecords(async () => ({ programs: await adapter.listPrograms(), executions: await adapter.listExecutions() }));
    const stale = async (kind: RecordKind) => staleRecordIds(adapter, ctx.store, kind, listed[kind].map((record) => record.id));
    const programs = await stale('programs');
    const executions = await stale('executions');
    if (!dryRun) {
      for (const program of listed.programs.filter((record) => programs.includes(record.id))) await adapter.saveProgram(program);
      for (const execution of listed.executions.filter((record) => executions.includes(record.id))) await adapter.saveExecution(execution);
    }
    return { store: describeStore(ctx.store), dryRun, formatVersion: FORMAT_VERSION, programs, executions, currentExecution: await upgradeCurrent(adapter, dryRun), damaged };
  });
  await ctx.reporter.result(result, human);
  await reportDamaged(ctx.reporter, result.damaged);
  return result.damaged.length > 0 ? EXIT.PROBLEMS : EXIT.OK;
}

/** On MongoDB, the original's `{ _id: 'current' }` document becomes the setting when it is set again (metadata-repository.ts). */
async function upgradeCurrent(adapter: StorageAdapter, dryRun: boolean): Promise<UpgradeResult['currentExecution']> {
  if (!(adapter instanceof MongoDBStorageAdapter) || !adapter.connection.original.current) return 'unchanged';
  if (dryRun) return 'to adopt';
  const current = await adapter.getCurrentExecutionId();
  await adapter.setCurrentExecutionId(current);
  return 'adopted';
}

function human(r: UpgradeResult): string {
  const verb = r.dryRun ? 'would rewrite' : 'rewrote';
  return [
    `${r.dryRun ? 'dry run: ' : ''}${r.store}: ${verb} ${r.programs.length} programs and ${r.executions.length} executions in format ${r.formatVersion}`,
    `current execution: ${r.currentExecution}`,
  ].join('\n');
}
