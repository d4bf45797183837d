import { EXECUTION_STATES } from '../../types';
import { EXIT, UsageError, type ExitCode } from '../cli-errors';
import { withStore, type CommandContext } from '../command-context';

export interface ListFlags {
  state?: string;
  limit?: string;
  after?: string;
}

export interface ListResult {
  kind: 'programs' | 'executions';
  items: Record<string, unknown>[];
  /** Give as `--after` for the next page; null on the last page. */
  next: string | null;
}

export const DEFAULT_PAGE = 50;

/** `cvm-storage list programs|executions`: one page, in the order the API lists them (created, then id). */
export async function list(ctx: CommandContext, kind: string, flags: ListFlags): Promise<ExitCode> {
  if (kind !== 'programs' && kind !== 'executions') throw new UsageError(`list what? "programs" or "executions", not ${JSON.stringify(kind)}`);
  if (flags.state !== undefined && kind !== 'executions') throw new UsageError('--state applies to executions only');
  if (flags.state !== undefined && !(EXECUTION_STATES as readonly string[]).includes(flags.state)) {
    throw new UsageError(`--state must be one of ${EXECUTION_STATES.join(', ')}`);
  }
  const limit = parseLimit(flags.limit);
  const result = await withStore(ctx, ctx.store, async (adapter): Promise<ListResult> => {
    const all: Record<string, unknown>[] =
      kind === 'programs'
        ? (await adapter.listPrograms()).map((p) => ({ id: p.id, name: p.name, instructions: p.bytecode.length, created: p.created.toISOString() }))
        : (await adapter.listExecutions())
            .filter((e) => flags.state === undefined || e.state === flags.state)
            .map((e) => ({ id: e.id, programId: e.programId, state: e.state, pc: e.pc, created: e.created.toISOString() }));
    let start = 0;
    if (flags.after !== undefined) {
      const index = all.findIndex((item) => item.id === flags.after);
      if (index < 0) throw new UsageError(`--after ${flags.after}: no such ${kind.slice(0, -1)} in this list`);
      start = index + 1;
    }
    const items = all.slice(start, start + limit);
    const more = start + limit < all.length;
    return { kind, items, next: more && items.length > 0 ? String(items[items.length - 1].id) : null };
  }, { readOnly: true });
  await ctx.reporter.result(result, human);
  return EXIT.OK;
}

function parseLimit(text: string | undefined): number {
  if (text === undefined) return DEFAULT_PAGE;
  const limit = Number(text);
  if (!Number.isSafeInteger(limit) || limit < 1) throw new UsageError(`--limit must be a whole number of at least 1, not ${JSON.stringify(text)}`);
  return limit;
}

function human(result: ListResult): string {
  if (result.items.length === 0) return `no ${result.kind}`;
  const columns = Object.keys(result.items[0]);
  const rows = [columns, ...result.items.map((item) => columns.map((c) => String(item[c])))];
  const widths = columns.map((_, i) => Math.max(...rows.map((row) => row[i].length)));
  const text = rows.map((row) => row.map((cell, i) => cell.padEnd(widths[i])).join('  ').trimEnd());
  if (result.next !== null) text.push(`(more: --after ${result.next})`);
  return text.join('\n');
}
