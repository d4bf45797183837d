import { EXIT, UsageError, type ExitCode } from '../cli-errors';
import { withStore, type CommandContext } from '../command-context';
import { copyStore, type CopyHooks, type CopyResult } from '../migrate/copy-store';
import { progressBar } from '../migrate/progress';
import { digestDifferences, digestStore, type StoreDigest } from '../store-digest';
import { describeStore, sameStore, storeFromText } from '../store-target';

export interface MigrateResult {
  from: string;
  to: string;
  dryRun: boolean;
  copy: CopyResult;
  /** Absent on a dry run. */
  verification?: { equal: boolean; differences: string[]; source: StoreDigest; target: StoreDigest };
}

/**
 * `cvm-storage migrate --to <DIR|URL> [--dry-run]`: copies the store into another (see
 * copy-store.ts for why it is idempotent and resumable), then verifies that both hold the same
 * records and output by counts and SHA-256 hashes. Exits 1 when they differ or output conflicts.
 */
export async function migrate(ctx: CommandContext, to: string, flags: { dryRun?: boolean }, hooks: CopyHooks = {}): Promise<ExitCode> {
  const target = storeFromText(to);
  if (sameStore(ctx.store, target)) throw new UsageError('the source and the target are the same store');
  const dryRun = flags.dryRun === true;
  const result = await withStore(ctx, ctx.store, (source) =>
    withStore(
      ctx,
      target,
      async (destination): Promise<MigrateResult> => {
        const progress = progressBar(ctx.io, ctx.reporter.json, 'migrate');
        let copy: CopyResult;
        try {
          copy = await copyStore(source, destination, dryRun, {
            afterRecord: (done, total) => {
              progress.update(done, total);
              hooks.afterRecord?.(done, total);
            },
          });
        } finally {
          progress.stop();
        }
        const migrated: MigrateResult = { from: describeStore(ctx.store), to: describeStore(target), dryRun, copy };
        if (!dryRun) {
          await ctx.reporter.note('verifying...');
          const [a, b] = [await digestStore(source), await digestStore(destination)];
          const differences = digestDifferences(a, b);
          migrated.verification = { equal: differences.length === 0, differences, source: a, target: b };
        }
        return migrated;
      },
      { create: !dryRun },
    ),
  );
  await ctx.reporter.result(result, human);
  const problems = result.copy.outputConflicts.length > 0 || (result.verification !== undefined && !result.verification.equal);
  return problems ? EXIT.PROBLEMS : EXIT.OK;
}

function human(r: MigrateResult): string {
  const counts = (c: CopyResult['programs']) => `${c.created} new, ${c.updated} updated, ${c.unchanged} unchanged`;
  const verb = r.dryRun ? 'would copy' : 'copied';
  const lines = [
    `${r.dryRun ? 'dry run: ' : ''}${r.from} -> ${r.to}`,
    `programs:   ${counts(r.copy.programs)}`,
    `executions: ${counts(r.copy.executions)}`,
    `output:     ${verb} ${r.copy.outputLinesAppended} lines`,
    `current:    ${r.copy.currentExecutionId.changed ? `${r.dryRun ? 'would set' : 'set'} to ${r.copy.currentExecutionId.from ?? 'none'}` : 'unchanged'}`,
  ];
  for (const id of r.copy.outputConflicts) lines.push(`CONFLICT: the target's output of execution ${id} is not a prefix of the source's; left as it is`);
  if (r.verification) {
    const v = r.verification;
    if (v.equal) {
      lines.push(`verified: ${v.source.programs.count} programs, ${v.source.executions.count} executions, ${v.source.output.lines} output lines; content hashes equal`);
    } else {
      lines.push('VERIFICATION FAILED:', ...v.differences.map((d) => `  ${d}`));
    }
  }
  return lines.join('\n');
}
