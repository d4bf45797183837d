import { MongoDBStorageAdapter } from '../../adapters/mongodb-storage-adapter';
import { EXIT, type ExitCode } from '../cli-errors';
import { announceStore, withStore, type CommandContext } from '../command-context';
import { clearDanglingCurrent } from '../check/clear-current';
import { repairFiles, withExecutionLock } from '../check/file-repair';
import { executionPresent, scanFileStore } from '../check/file-scan';
import { repairDocuments } from '../check/mongo-repair';
import { mongoExecutionPresent, scanMongoStore } from '../check/mongo-scan';
import { describeProblem, type CheckHooks, type Problem } from '../check/problems';
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
 * second scan confirms), 1 when problems are found and remain (a record of a newer version always
 * remains: it is reported and left where it is). `hooks` is a test seam (problems.ts).
 */
export async function check(ctx: CommandContext, flags: { repair?: boolean }, hooks: CheckHooks = {}): Promise<ExitCode> {
  const store = ctx.store;
  const result: CheckResult = { store: describeStore(store), problems: [] };
  if (store.kind === 'file') {
    const dataDir = store.dataDir;
    assertFolder(store);
    await announceStore(ctx);
    result.problems = await scanFileStore(dataDir, hooks);
    if (flags.repair) {
      await ctx.reporter.note(found(result));
      const repairs: string[] = (result.repairs = []);
      for (const action of await repairFiles(dataDir, result.problems, hooks)) await record(ctx, repairs, action);
      const dangling = danglingCurrent(result.problems);
      if (dangling !== null) {
        await hooks.at?.('act', 'metadata.json');
        const action = await withStore(ctx, store, (adapter) =>
          withExecutionLock(dataDir, dangling, () => clearDanglingCurrent(adapter, dangling, (id) => executionPresent(dataDir, id))),
        );
        await record(ctx, repairs, action);
      }
      result.remaining = await scanFileStore(dataDir);
    }
  } else {
    await withStore(ctx, store, async (adapter) => {
      if (!(adapter instanceof MongoDBStorageAdapter)) throw new TypeError('expected a MongoDB adapter');
      result.problems = await scanMongoStore(adapter, hooks);
      if (!flags.repair) return;
      await ctx.reporter.note(found(result));
      const repairs: string[] = (result.repairs = []);
      for (const action of await repairDocuments(adapter, store.url, result.problems, hooks)) await record(ctx, repairs, action);
      const dangling = danglingCurrent(result.problems);
      if (dangling !== null) {
        await hooks.at?.('act', 'metadata');
        await record(ctx, repairs, await clearDanglingCurrent(adapter, dangling, (id) => mongoExecutionPresent(adapter, id)));
      }
      result.remaining = await scanMongoStore(adapter);
    });
  }
  await ctx.reporter.result(result, human);
  const left = result.remaining ?? result.problems;
  return left.length === 0 ? EXIT.OK : EXIT.PROBLEMS;
}

function danglingCurrent(problems: readonly Problem[]): string | null {
  for (const { repair } of problems) if (repair.action === 'clear-current') return repair.executionId;
  return null;
}

async function record(ctx: CommandContext, repairs: string[], action: string): Promise<void> {
  repairs.push(action);
  await ctx.reporter.note(`repair: ${action}`);
}

/** What the scan found; with --repair printed before the repair lines, else as the result. */
function found(r: CheckResult): string {
  const lines = [`checked ${r.store}: ${r.problems.length === 0 ? 'no problems' : `${r.problems.length} problem(s)`}`];
  lines.push(...r.problems.map((p) => `  ${describeProblem(p)}`));
  return lines.join('\n');
}

function human(r: CheckResult): string {
  if (r.remaining === undefined) {
    const advice = r.problems.length > 0 ? ['run again with --repair to fix them (damaged files are moved into quarantine/, never deleted)'] : [];
    return [found(r), ...advice].join('\n');
  }
  const lines = [r.remaining.length === 0 ? 'after repair: no problems' : `after repair: ${r.remaining.length} problem(s) remain`];
  lines.push(...r.remaining.map((p) => `  ${describeProblem(p)}`));
  return lines.join('\n');
}
