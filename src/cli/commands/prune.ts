import { EXECUTION_STATES, type ExecutionState } from '../../types';
import { EXIT, UsageError, type ExitCode } from '../cli-errors';
import { withStore, type CommandContext } from '../command-context';
import { Reporter } from '../reporter';

export interface PruneFlags {
  olderThan: string;
  state?: string;
  anyState?: boolean;
  includeCurrent?: boolean;
  ids?: boolean;
  quiet?: boolean;
  dryRun?: boolean;
  batchSize?: string;
}

export interface PruneCommandResult {
  dryRun: boolean;
  /** The cut-off as an ISO date: executions last changed before it. */
  olderThan: string;
  states: ExecutionState[] | null;
  includeCurrent: boolean;
  /** How many executions were deleted (with --dry-run, would be). */
  count: number;
  /** Those executions, with --ids only. */
  ids?: string[];
}

const UNIT_MS: Record<string, number> = { ms: 1, s: 1_000, m: 60_000, h: 3_600_000, d: 86_400_000, w: 604_800_000 };

/**
 * `cvm-storage prune --older-than <date|duration> --state S,... | --any-state`: pruneExecutions,
 * printing how many it deleted (and which with --ids; nothing with --quiet). Without a state it
 * would delete paused executions (AWAITING_COGNITIVE_RESULT) too, so "any state" must be asked for.
 */
export async function prune(commandContext: CommandContext, flags: PruneFlags, now: () => Date = () => new Date()): Promise<ExitCode> {
  if (flags.state === undefined && flags.anyState !== true) {
    throw new UsageError(`prune needs --state (e.g. --state COMPLETED,ERROR) or --any-state, which includes paused executions (AWAITING_COGNITIVE_RESULT)`);
  }
  if (flags.state !== undefined && flags.anyState === true) throw new UsageError('give --state or --any-state, not both');
  const olderThan = parseOlderThan(flags.olderThan, now());
  const states = parseStates(flags.state);
  const batchSize = flags.batchSize === undefined ? undefined : Number(flags.batchSize);
  if (batchSize !== undefined && (!Number.isInteger(batchSize) || batchSize < 1 || batchSize > 1000)) {
    throw new UsageError(`--batch-size must be a whole number from 1 to 1000, not ${JSON.stringify(flags.batchSize)}`);
  }
  const dryRun = flags.dryRun === true;
  const includeCurrent = flags.includeCurrent === true;
  const quiet = flags.quiet === true;
  const ctx = quiet ? { ...commandContext, reporter: new Reporter(commandContext.io, commandContext.reporter.json, { quiet }) } : commandContext;
  const { ids } = await withStore(
    ctx,
    ctx.store,
    (adapter) => adapter.pruneExecutions({ olderThan, dryRun, includeCurrent, ...(states === null ? {} : { states }), ...(batchSize === undefined ? {} : { batchSize }) }),
    { readOnly: dryRun },
  );
  const result: PruneCommandResult = { dryRun, olderThan: olderThan.toISOString(), states, includeCurrent, count: ids.length, ...(flags.ids ? { ids } : {}) };
  await ctx.reporter.result(result, human);
  return EXIT.OK;
}

/** An ISO date (`2026-01-31`, `2026-01-31T12:00:00Z`), or a duration back from now: `90m`, `12h`, `30d`, `2w`. */
export function parseOlderThan(text: string, now: Date): Date {
  const duration = /^(\d+)(ms|s|m|h|d|w)$/.exec(text.trim());
  if (duration !== null) return new Date(now.getTime() - Number(duration[1]) * UNIT_MS[duration[2]]);
  if (/^\d{4}-\d{2}-\d{2}([T ][0-9:.]+(Z|[+-]\d{2}:?\d{2})?)?$/.test(text.trim())) {
    const date = new Date(text.trim());
    if (!Number.isNaN(date.getTime())) return date;
  }
  throw new UsageError(`--older-than must be an ISO date (2026-01-31, 2026-01-31T12:00:00Z) or a duration (30d, 12h, 90m, 2w), not ${JSON.stringify(text)}`);
}

function parseStates(text: string | undefined): ExecutionState[] | null {
  if (text === undefined) return null;
  const states = text.split(',').map((s) => s.trim()).filter((s) => s !== '');
  const unknown = states.filter((s) => !(EXECUTION_STATES as readonly string[]).includes(s));
  if (states.length === 0 || unknown.length > 0) throw new UsageError(`--state takes a comma-separated list of ${EXECUTION_STATES.join(', ')}`);
  return states as ExecutionState[];
}

function human(result: PruneCommandResult): string {
  const which = `${result.states === null ? '' : `${result.states.join('/')} `}executions last changed before ${result.olderThan}`;
  const lines = [result.dryRun ? `would prune ${result.count} ${which} (dry run: nothing deleted)` : `pruned ${result.count} ${which}`];
  lines.push(...(result.ids ?? []).map((id) => `  ${id}`));
  if (!result.includeCurrent) lines.push('the current execution is never pruned without --include-current');
  return lines.join('\n');
}
