import { FORMAT_VERSION } from '../../codec/format-version';
import { EXECUTION_STATES } from '../../types';
import { EXIT, type ExitCode } from '../cli-errors';
import { withStore, type CommandContext } from '../command-context';
import { collectDamagedRecords, reportDamaged, type DamagedRecord } from '../damaged-records';
import { table } from '../reporter';
import { OUTPUT_BATCH, readOutputs } from '../output-reader';
import { executionLine, programLine } from '../store-lines';
import { describeStore } from '../store-target';
import { tallyHistory, type HistoryTally } from '../history-tally';

export interface Largest {
  id: string | null;
  bytes: number;
}

export interface InspectResult {
  store: string;
  backend: 'file' | 'mongodb';
  /** The stored format version this library writes; it reads every earlier one too. */
  formatVersion: number;
  programs: { count: number; bytes: number; largest: Largest };
  executions: { count: number; byState: Record<string, number>; bytes: number; largest: Largest };
  output: { lines: number; bytes: number; largest: Largest };
  /** The execution history entries of the listed executions (null: the backend keeps none). */
  history: HistoryTally | null;
  oldest: string | null;
  newest: string | null;
  currentExecutionId: string | null;
  /** Records that cannot be decoded, left out of every figure above. */
  damaged: DamagedRecord[];
}

/** `cvm-storage inspect`: what the store holds; records that cannot be decoded are left out, reported (exit 1). Sizes are of records in their stored (JSON)
 * form, and of output lines in UTF-8 with a newline each. */
export async function inspect(ctx: CommandContext): Promise<ExitCode> {
  const result = await withStore(ctx, ctx.store, async (adapter): Promise<InspectResult> => {
    const { result: [programs, executions], damaged } = await collectDamagedRecords(async () => [await adapter.listPrograms(), await adapter.listExecutions()] as const);
    const byState: Record<string, number> = Object.fromEntries(EXECUTION_STATES.map((state) => [state, 0]));
    for (const execution of executions) byState[execution.state] = (byState[execution.state] ?? 0) + 1;
    const output = { lines: 0, bytes: 0, largest: { id: null, bytes: 0 } as Largest };
    for (let start = 0; start < executions.length; start += OUTPUT_BATCH) {
      const outputs = await readOutputs(adapter, executions.slice(start, start + OUTPUT_BATCH).map((e) => e.id));
      for (const [id, lines] of outputs) {
        const bytes = lines.reduce((sum, line) => sum + Buffer.byteLength(line, 'utf8') + 1, 0);
        output.lines += lines.length;
        output.bytes += bytes;
        if (bytes > output.largest.bytes) output.largest = { id, bytes };
      }
    }
    const times = [...programs, ...executions].map((record) => record.created.getTime()).sort((a, b) => a - b);
    return {
      store: describeStore(ctx.store),
      backend: ctx.store.kind === 'file' ? 'file' : 'mongodb',
      formatVersion: FORMAT_VERSION,
      programs: { count: programs.length, ...sizes(programs.map((p) => [p.id, JSON.stringify(programLine(p).document)])) },
      executions: { count: executions.length, byState, ...sizes(executions.map((e) => [e.id, JSON.stringify(executionLine(e).document)])) },
      output,
      history: await tallyHistory(adapter, executions.map((e) => e.id)),
      oldest: times.length > 0 ? new Date(times[0]).toISOString() : null,
      newest: times.length > 0 ? new Date(times[times.length - 1]).toISOString() : null,
      currentExecutionId: await adapter.getCurrentExecutionId(),
      damaged,
    };
  }, { readOnly: true });
  await ctx.reporter.result(result, human);
  await reportDamaged(ctx.reporter, result.damaged);
  return result.damaged.length > 0 ? EXIT.PROBLEMS : EXIT.OK;
}

function sizes(records: [string, string][]): { bytes: number; largest: Largest } {
  let bytes = 0;
  let largest: Largest = { id: null, bytes: 0 };
  for (const [id, text] of records) {
    const size = Buffer.byteLength(text, 'utf8');
    bytes += size;
    if (size > largest.bytes) largest = { id, bytes: size };
  }
  return { bytes, largest };
}

function human(r: InspectResult): string {
  const states = Object.entries(r.executions.byState).filter(([, n]) => n > 0).map(([state, n]) => `${state} ${n}`).join(', ');
  const largest = (l: Largest) => (l.id === null ? '-' : `${l.id} (${l.bytes} bytes)`);
  return table([
    ['store', `${r.store} (${r.backend})`],
    ['format version', r.formatVersion],
    ['programs', `${r.programs.count} (${r.programs.bytes} bytes; largest ${largest(r.programs.largest)})`],
    ['executions', `${r.executions.count}${states ? ` (${states})` : ''}`],
    ['execution bytes', `${r.executions.bytes} (largest ${largest(r.executions.largest)})`],
    ['output lines', `${r.output.lines} (${r.output.bytes} bytes; largest ${largest(r.output.largest)})`],
    ['history records', r.history === null ? '-' : `${r.history.records} (${r.history.bytes} bytes; ${r.history.executions} executions)`],
    ['oldest', r.oldest ?? '-'],
    ['newest', r.newest ?? '-'],
    ['current execution', r.currentExecutionId ?? '-'],
  ]);
}
