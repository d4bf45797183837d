import { MongoDBStorageAdapter } from '../../adapters/mongodb-storage-adapter';
import type { RepositoryStorageAdapter } from '../../adapters/repository-storage-adapter';
import { EXIT, type ExitCode } from '../cli-errors';
import { announceStore, withStore, type CommandContext } from '../command-context';
import { repairFiles } from '../check/file-repair';
import { scanFileStore } from '../check/file-scan';
import { repairDocuments } from '../check/mongo-repair';
import { scanMongoStore } from '../check/mongo-scan';
import { describeProblem, type Problem } from '../check/problems';
import { assertFolder, describeStore } from '../store-target';

export interface CheckResult {
  store: string;
  problems: Problem[];
  /** With --repair: one sentence per action taken, and what a check after them still finds. */
  repairs?: string[];
  remaining?: Problem[];
}

/**
 * `cvm-storage check [--repair]`. Exits 0 when nothing is wrong (or --repair fixed all of it, as a
 * second scan confirms), 1 when problems are found and remain.
 */
export async function check(ctx: CommandContext, flags: { repair?: boolean }): Promise<ExitCode> {
  const store = ctx.store;
  const result: CheckResult = { store: describeStore(store), problems: [] };
  if (store.kind === 'file') {
    assertFolder(store);
    await announceStore(ctx);
    result.problems = await scanFileStore(store.dataDir);
    if (flags.repair) {
      result.repairs = [];
      for (const action of await repairFiles(store.dataDir, result.problems)) await record(ctx, result.repairs, action);
      if (result.problems.some((p) => p.repair.action === 'clear-current')) {
        await withStore(ctx, store, (adapter) => clearCurrent(ctx, adapter, result.repairs ?? []));
      }
      result.remaining = await scanFileStore(store.dataDir);
    }
  } else {
    await withStore(ctx, store, async (adapter) => {
      if (!(adapter instanceof MongoDBStorageAdapter)) throw new TypeError('expected a MongoDB adapter');
      result.problems = await scanMongoStore(adapter);
      if (!flags.repair) return;
      result.repairs = [];
      for (const action of await repairDocuments(adapter, store.url, result.problems)) await record(ctx, result.repairs, action);
      if (result.problems.some((p) => p.repair.action === 'clear-current')) await clearCurrent(ctx, adapter, result.repairs);
      result.remaining = await scanMongoStore(adapter);
    });
  }
  await ctx.reporter.result(result, human);
  const left = result.remaining ?? result.problems;
  return left.length === 0 ? EXIT.OK : EXIT.PROBLEMS;
}

async function clearCurrent(ctx: CommandContext, adapter: RepositoryStorageAdapter, repairs: string[]): Promise<void> {
  const current = await adapter.getCurrentExecutionId();
  await adapter.setCurrentExecutionId(null);
  await record(ctx, repairs, `cleared the current execution pointer (it named ${current ?? 'nothing'})`);
}

async function record(ctx: CommandContext, repairs: string[], action: string): Promise<void> {
  repairs.push(action);
  await ctx.reporter.note(`repair: ${action}`);
}

function human(r: CheckResult): string {
  const lines = [`checked ${r.store}: ${r.problems.length === 0 ? 'no problems' : `${r.problems.length} problem(s)`}`];
  lines.push(...r.problems.map((p) => `  ${describeProblem(p)}`));
  if (r.remaining !== undefined) {
    lines.push(r.remaining.length === 0 ? 'after repair: no problems' : `after repair: ${r.remaining.length} problem(s) remain`);
    lines.push(...r.remaining.map((p) => `  ${describeProblem(p)}`));
  } else if (r.problems.length > 0) {
    lines.push('run again with --repair to fix them (damaged files are moved into quarantine/, never deleted)');
  }
  return lines.join('\n');
}
