import { decodeText, encodeText, type StoredText } from '../codec/text-codec';
import { documentToExecution, documentToProgram, executionToDocument, programToDocument } from '../codec/record-codec';
import type { CvmStorage } from '../adapters/storage-adapter';
import type { HistoryEntry } from '../repositories/history-repository';
import type { Execution, Program } from '../types';
import { mapWithConcurrency } from '../util/map-with-concurrency';
import { entriesBelow, historyHead, historyOf } from './history-carry';
import { OUTPUT_BATCH, readOutputs } from './output-reader';

/**
 * One line of an export, in this order: the header, every program, every execution each followed
 * by its output and (from version 3 on) its history entries, the current pointer, and (from
 * version 2 on) the end line. Records are the codec's stored documents (the same the file backend
 * writes), so NaN, -0, Infinity, dates, lone surrogates and unknown fields survive.
 */
export type StoreLine =
  | { kind: 'header'; format: typeof EXPORT_FORMAT; version: 1 | 2 | typeof EXPORT_VERSION }
  | { kind: 'program'; document: object }
  | ExecutionLine
  | { kind: 'output'; executionId: string; lines: StoredText[] }
  | HistoryLine
  | { kind: 'current'; executionId: string | null }
  | EndLine;

/** An execution; with history lines after it, `revision` is the source's current revision of it. */
export interface ExecutionLine {
  kind: 'execution';
  document: object;
  revision?: number;
}

/** One history entry of the execution before it, newest first: the state saved at `revision`, with `outputLength` output lines then. */
export interface HistoryLine {
  kind: 'history';
  executionId: string;
  revision: number;
  outputLength: number;
  document: object;
}

/**
 * The last line of a version 2 export: what the lines before it hold, and the SHA-256 of their
 * bytes (each with its newline), so an import can tell a complete stream from a truncated one.
 */
export interface EndLine {
  kind: 'end';
  programs: number;
  executions: number;
  outputLines: number;
  /** From version 3 on. */
  historyEntries?: number;
  /** Lines before this one, the header included. */
  lines: number;
  sha256: string;
}

export const EXPORT_FORMAT = 'cvm-storage-export';
/** 1: no end line (still imported, with a warning); 2: the same lines, then the end line; 3: with history lines, counted by the end line. */
export const EXPORT_VERSION = 3;

/** Executions whose history is read at once. */
const HISTORY_CONCURRENCY = 8;

/** Output lines per `output` line of the stream (and per appendOutput call on import). */
export const OUTPUT_LINES_PER_RECORD = 1000;
/** Characters of output per `output` line, far inside one append's limit. */
const OUTPUT_CHARS_PER_RECORD = 4 * 1024 * 1024;

export function programLine(program: Program): { kind: 'program'; document: object } {
  return { kind: 'program', document: programToDocument(program) };
}

export function executionLine(execution: Execution, revision?: number): ExecutionLine {
  return { kind: 'execution', document: executionToDocument(execution), ...(revision === undefined ? {} : { revision }) };
}

export function historyLine(executionId: string, entry: HistoryEntry): HistoryLine {
  return { kind: 'history', executionId, revision: entry.revision, outputLength: entry.outputLength, document: executionToDocument(entry.execution) };
}

/** Output lines in chunks cut at fixed sizes, so the cut never depends on the backend or on earlier appends. */
export function* outputChunks(lines: readonly string[]): Generator<string[]> {
  let chunk: string[] = [];
  let chars = 0;
  for (const line of lines) {
    if (chunk.length > 0 && (chunk.length >= OUTPUT_LINES_PER_RECORD || chars + line.length > OUTPUT_CHARS_PER_RECORD)) {
      yield chunk;
      chunk = [];
      chars = 0;
    }
    chunk.push(line);
    chars += line.length;
  }
  if (chunk.length > 0) yield chunk;
}

/** The execution's output as `output` lines of the stream. */
export function* outputLines(executionId: string, lines: readonly string[]): Generator<StoreLine> {
  for (const chunk of outputChunks(lines)) yield { kind: 'output', executionId, lines: chunk.map(encodeText) };
}

/** Every line of the store, in the export order (programs and executions as the API lists them). */
export async function* storeLines(adapter: CvmStorage, listed?: (records: number) => void): AsyncGenerator<StoreLine> {
  yield { kind: 'header', format: EXPORT_FORMAT, version: EXPORT_VERSION };
  const programs = await adapter.listPrograms();
  const executions = await adapter.listExecutions();
  listed?.(programs.length + executions.length);
  for (const program of programs) yield programLine(program);
  for (let start = 0; start < executions.length; start += OUTPUT_BATCH) {
    const batch = executions.slice(start, start + OUTPUT_BATCH);
    // The heads before the output: output only grows, so no entry up to a head counts more lines than are exported.
    const heads = await mapWithConcurrency(batch, HISTORY_CONCURRENCY, (execution) => historyHead(adapter, execution.id));
    const outputs = await readOutputs(adapter, batch.map((execution) => execution.id));
    const history = historyOf(adapter);
    for (const [index, listed] of batch.entries()) {
      const head = heads[index];
      // The state read with the revision the entries are counted from (listed earlier, it may be older).
      yield head === null ? executionLine(listed) : executionLine(head.execution, head.head);
      yield* outputLines(listed.id, outputs.get(listed.id) ?? []);
      if (head === null || history === undefined) continue;
      for await (const entry of entriesBelow(history, listed.id, head.head + 1)) yield historyLine(listed.id, entry);
    }
  }
  yield { kind: 'current', executionId: await adapter.getCurrentExecutionId() };
}

export function serializeLine(line: StoreLine): string {
  return `${JSON.stringify(line)}\n`;
}

export function decodeProgram(line: { document: object }): Program {
  return documentToProgram(line.document);
}

export function decodeExecution(line: { document: object }): Execution {
  return documentToExecution(line.document);
}

export function decodeOutput(line: { lines: StoredText[] }): string[] {
  return line.lines.map((stored) => decodeText(stored, 'an output line'));
}
