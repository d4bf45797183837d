import type { CvmStorage } from '../adapters/storage-adapter';
import type { BaseExecution, BaseProgram } from '../types';
import { ValidationError } from '../errors';
import { recordAsJson } from '../cli/record-json';
import { EXECUTION_STATES, type ExecutionState } from '../types';
import type { Execution } from '../types/execution';

/** A request the API refuses: its HTTP status and a message naming the parameter. */
export class InspectorRequestError extends Error {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
  }
}

const PAGE = 50;
const OUTPUT_PAGE = 200;

/** The read-only JSON the pages show; every method only reads through the adapter. */
export class InspectorApi {
  constructor(private readonly adapter: CvmStorage<BaseProgram, BaseExecution>) {}

  async summary(): Promise<unknown> {
    const byState: Record<string, number> = Object.fromEntries(EXECUTION_STATES.map((state) => [state, 0]));
    let after: string | null = null;
    do {
      const page = await this.adapter.queryExecutions({ limit: 1000, after });
      for (const execution of page.executions) byState[execution.state] = (byState[execution.state] ?? 0) + 1;
      after = page.next;
    } while (after !== null);
    return { byState, currentExecutionId: await this.adapter.getCurrentExecutionId() };
  }

  async executions(params: URLSearchParams): Promise<unknown> {
    const state = params.get('state') || undefined;
    if (state !== undefined && !(EXECUTION_STATES as readonly string[]).includes(state)) {
      throw new InspectorRequestError(400, `state must be one of ${EXECUTION_STATES.join(', ')}`);
    }
    const page = await this.adapter.queryExecutions({
      state: state as ExecutionState | undefined,
      programId: params.get('program') || undefined,
      after: params.get('after') || null,
      limit: limitOf(params, PAGE),
    });
    const current = await this.adapter.getCurrentExecutionId();
    const rows = await Promise.all(
      page.executions.map(async (e) => ({
        id: e.id,
        state: e.state,
        programId: e.programId,
        created: e.created.toISOString(),
        updated: e.updated?.toISOString() ?? null,
        pc: e.pc,
        outputLength: await this.adapter.getOutputLength(e.id),
        current: e.id === current,
      })),
    );
    return { executions: rows, next: page.next };
  }

  async execution(id: string): Promise<unknown> {
    const read = await this.adapter.readExecution(id);
    if (read === null) throw new InspectorRequestError(404, `no execution ${id}`);
    const execution = read.execution as Execution;
    const program = await this.adapter.getProgram(execution.programId);
    return {
      execution: recordAsJson(execution),
      revision: read.revision,
      current: (await this.adapter.getCurrentExecutionId()) === id,
      outputLength: await this.adapter.getOutputLength(id),
      program: program === null ? null : { id: program.id, name: program.name, source: program.source, instruction: program.bytecode[execution.pc] ?? null },
    };
  }

  /** A page of output lines ending before line `before` (the end when absent). */
  async output(id: string, params: URLSearchParams): Promise<unknown> {
    const length = await this.adapter.getOutputLength(id);
    const before = params.has('before') ? wholeNumber(params, 'before') : length;
    const from = params.has('from') ? wholeNumber(params, 'from') : Math.max(0, Math.min(before, length) - limitOf(params, OUTPUT_PAGE));
    const end = params.has('from') ? length : Math.min(before, length);
    const lines = end > from ? await this.adapter.getOutput(id, { from, limit: Math.min(end - from, 1000) }) : [];
    return { from, lines, length };
  }

  async revisions(id: string, params: URLSearchParams): Promise<unknown> {
    try {
      const page = await this.adapter.listExecutionRevisions(id, { before: params.has('before') ? wholeNumber(params, 'before') : null, limit: limitOf(params, PAGE) });
      return { enabled: true, revisions: page.revisions.map((r) => ({ ...r, updated: r.updated?.toISOString() ?? null })), next: page.next };
    } catch (error) {
      // A backend that keeps no history at all: the page says so instead of failing.
      if (error instanceof ValidationError) return { enabled: false, revisions: [], next: null };
      throw error;
    }
  }

  async revision(id: string, revision: string): Promise<unknown> {
    const n = Number(revision);
    if (!Number.isSafeInteger(n) || n < 1) throw new InspectorRequestError(400, `revision must be a whole number of at least 1, not ${JSON.stringify(revision)}`);
    const read = await this.adapter.readExecution(id, { revision: n });
    if (read === null) throw new InspectorRequestError(404, `no revision ${n} of execution ${id}`);
    return { execution: recordAsJson(read.execution), revision: n };
  }

  async programs(params: URLSearchParams): Promise<unknown> {
    const page = await this.adapter.queryPrograms({ after: params.get('after') || null, limit: limitOf(params, PAGE) });
    return {
      programs: page.programs.map((p) => ({ id: p.id, name: p.name, instructions: p.bytecode.length, created: p.created.toISOString(), updated: p.updated?.toISOString() ?? null })),
      next: page.next,
    };
  }

  async program(id: string): Promise<unknown> {
    const program = await this.adapter.getProgram(id);
    if (program === null) throw new InspectorRequestError(404, `no program ${id}`);
    return { program: recordAsJson(program) };
  }
}

function limitOf(params: URLSearchParams, fallback: number): number {
  if (!params.has('limit')) return fallback;
  const limit = wholeNumber(params, 'limit');
  if (limit < 1 || limit > 1000) throw new InspectorRequestError(400, 'limit must be from 1 to 1000');
  return limit;
}

function wholeNumber(params: URLSearchParams, name: string): number {
  const text = params.get(name) ?? '';
  const n = Number(text);
  if (text === '' || !Number.isSafeInteger(n) || n < 0) throw new InspectorRequestError(400, `${name} must be a whole number, not ${JSON.stringify(text)}`);
  return n;
}
