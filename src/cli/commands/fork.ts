import { AlreadyExistsError } from '../../errors';
import { EXIT, TargetExistsError, UsageError, type ExitCode } from '../cli-errors';
import { withStore, type CommandContext } from '../command-context';
import { wholeNumberFlag } from './revision-number';

export interface ForkResult {
  id: string;
  revision: number;
  newId: string;
  forked: boolean;
  /** The new execution's revision, when forked. */
  newRevision?: number;
}

/** `cvm-storage fork ID --revision N --id NEW`: a new execution from that revision, with the output as it stood then. */
export async function fork(ctx: CommandContext, id: string, flags: { revision?: string; id?: string }): Promise<ExitCode> {
  const revision = wholeNumberFlag('--revision', flags.revision);
  if (revision === undefined) throw new UsageError('fork needs --revision <n>');
  if (flags.id === undefined) throw new UsageError('fork needs --id <new id>');
  const newId = flags.id;
  const result = await withStore(ctx, ctx.store, async (adapter): Promise<ForkResult> => {
    const forked = await adapter.forkExecution(id, { revision, newId }).catch((error: unknown) => {
      if (error instanceof AlreadyExistsError) throw new TargetExistsError(`execution ${JSON.stringify(newId)} already exists; fork onto an id the store does not hold (it was left as it was)`);
      throw error;
    });
    return { id, revision, newId, forked: forked !== null, ...(forked === null ? {} : { newRevision: forked.revision }) };
  });
  await ctx.reporter.result(result, (done) =>
    done.forked ? `forked ${done.newId} from ${done.id} at revision ${done.revision}` : `no revision ${done.revision} of execution ${done.id}`,
  );
  return result.forked ? EXIT.OK : EXIT.PROBLEMS;
}
