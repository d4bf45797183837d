import { EXIT, UsageError, type ExitCode } from '../cli-errors';
import { withStore, type CommandContext } from '../command-context';
import { existsSync } from 'node:fs';
import { CvmStorage } from '../../adapters/storage-adapter';
import { copyStore, NO_STORE_YET, type CopyHooks, type CopyResult, type CopyTarget } from '../migrate/copy-store';
import { collectDamagedRecords, reportDamaged, type DamagedRecord } from '../damaged-records';
import { progressBar } from '../migrate/progress';
import { digestDifferences, digestStore, type StoreDigest } from '../store-digest';
import { describeStore, sameStore, storeFromText } from '../store-target';

export interface MigrateResult {
  from: string;
  to: string;
  dryRun: boolean;
  copy: CopyResult;
  /** Records of the source that cannot be decoded: not copied (exit 1). */
  damaged: DamagedRecord[];
  /** Absent on a dry run. */
  verification?: { equal: boolean; differences: string[]; source: StoreDigest; target: StoreDigest };
}

/**
 * `cvm-storage migrate --to <DIR|URL> [--dry-run]`: copies the store into another (see
 * copy-store.ts for why it is idempotent and resumable), then verifies that both hold the same
 * records and output by counts and SHA-256 hashes. Exits 1 when they differ or output conflicts.
 */
export async function migrate(ctx: CommandContext, to: string, flags: { dryRun?: boolean }, hooks: CopyHooks = {}): Promise<ExitCode> {
  const target = storeFromText(to, ctx.io.cwd);
  if (sameStore(ctx.store, target)) throw new UsageError('the source and the target are the same store');
  const dryRun = flags.dryRun === true;
  const result = await withStore(ctx, ctx.store, async (source) => {
    const run = (destination: CopyTarget, verify: boolean) => copyAndVerify(ctx, source, destination, { verify, dryRun, hooks, to: describeStore(target) });
    // A dry run into a folder that does not exist yet plans against an empty store and creates nothing.
    if (dryRun && target.kind === 'file' && !existsSync(target.dataDir)) return run(NO_STORE_YET, false);
    return withStore(ctx, target, (destination) => run(destination, !dryRun), dryRun ? { readOnly: true } : { create: true });
  }, { readOnly: true });
  await ctx.reporter.result(result, human);
  await reportDamaged(ctx.reporter, result.damaged);
  const problems = result.copy.outputConflicts.length > 0 || result.damaged.length > 0 || (result.verification !== undefined && !result.verification.equal);
  return problems ? EXIT.PROBLEMS : EXIT.OK;
}

async function copyAndVerify(
  ctx: CommandContext,
  source: CvmStorage,
  destination: CopyTarget,
  { verify, dryRun, hooks, to }: { verify: boolean; dryRun: boolean; hooks: CopyHooks; to: string },
): Promise<MigrateResult> {
  const progress = progressBar(ctx.io, ctx.reporter.json, 'migrate');
  let copied: { result: CopyResult; damaged: DamagedRecord[] };
  try {
    copied = await collectDamagedRecords(() =>
      copyStore(source, destination, dryRun, {
        afterRecord: (done, total) => {
          progress.update(done, total);
          hooks.afterRecord?.(done, total);
        },
      }),
    );
  } finally {
    progress.stop();
  }
  const migrated: MigrateResult = { from: describeStore(ctx.store), to, dryRun, copy: copied.result, damaged: copied.damaged };
  if (verify && destination instanceof CvmStorage) {
    await ctx.reporter.note('verifying...');
    const [a, b] = [await digestStore(source), await digestStore(destination)];
    const differences = digestDifferences(a, b);
    migrated.verification = { equal: differences.length === 0, differences, source: a, target: b };
  }
  return migrated;
}

function human(r: MigrateResult): string {
  const counts = (c: CopyResult['programs']) => `${c.created} new, ${c.updated} updated, ${c.unchanged} unchanged`;
  const verb = r.dryRun ? 'would copy' : 'copied';
  const lines = [
    `${r.dryRun ? 'dry run: ' : ''}${r.from} -> ${r.to}`,
    `programs:   ${counts(r.copy.programs)}`,
    `executions: ${counts(r.copy.executions)}`,
    `output:     ${verb} ${r.copy.outputLinesAppended} lines`,
    `history:    ${verb} ${r.copy.historyEntriesCopied} entries`,
    `current:    ${r.copy.currentExecutionId.changed ? `${r.dryRun ? 'would set' : 'set'} to ${r.copy.currentExecutionId.from ?? 'none'}` : 'unchanged'}`,
  ];
  for (const id of r.copy.outputConflicts) lines.push(`CONFLICT: the target's output of execution ${id} is not a prefix of the source's; left as it is`);
  if (r.verification) {
    const v = r.verification;
    if (v.equal) {
      lines.push(`verified: ${v.source.programs.count} programs, ${v.source.executions.count} executions, ${v.source.output.lines} output lines, ${v.source.history.entries} history entries; content hashes equal`);
    } else {
      lines.push('VERIFICATION FAILED:', ...v.differences.map((d) => `  ${d}`));
    }
  }
  return lines.join('\n');
}
