import { decodeText, encodeText, type StoredText } from '../codec/text-codec';
import { documentToExecution, documentToProgram, executionToDocument, programToDocument } from '../codec/record-codec';
import type { CvmStorage } from '../adapters/storage-adapter';
import type { Execution, Program } from '../types';
import { OUTPUT_BATCH, readOutputs } from './output-reader';

/**
 * One line of an export, in this order: the header, every program, every execution each followed
 * by its output, the current pointer, and (from version 2 on) the end line. Records are the codec's
 * stored documents (the same the file backend writes), so NaN, -0, Infinity, dates, lone
 * surrogates and unknown fields survive.
 */
export type StoreLine =
  | { kind: 'header'; format: typeof EXPORT_FORMAT; version: 1 | typeof EXPORT_VERSION }
  | { kind: 'program'; document: object }
  | { kind: 'execution'; document: object }
  | { kind: 'output'; executionId: string; lines: StoredText[] }
  | { kind: 'current'; executionId: string | null }
  | EndLine;

/**
 * The last line of a version 2 export: what the lines before it hold, and the SHA-256 of their
 * bytes (each with its newline), so an import can tell a complete stream from a truncated one.
 */
export interface EndLine {
  kind: 'end';
  programs: number;
  executions: number;
  outputLines: number;
  /** Lines before this one, the header included. */
  lines: number;
  sha256: string;
}

export const EXPORT_FORMAT = 'cvm-storage-export';
/** 1: no end line (still imported, with a warning); 2: the same lines, then the end line. */
export const EXPORT_VERSION = 2;

/** Output lines per `output` line of the stream (and per appendOutput call on import). */
export const OUTPUT_LINES_PER_RECORD = 1000;
/** Characters of output per `output` line, far inside one append's limit. */
const OUTPUT_CHARS_PER_RECORD = 4 * 1024 * 1024;

export function programLine(program: Program): { kind: 'program'; document: object } {
  return { kind: 'program', document: programToDocument(program) };
}

export function executionLine(execution: Execution): { kind: 'execution'; document: object } {
  return { kind: 'execution', document: executionToDocument(execution) };
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
    const outputs = await readOutputs(adapter, batch.map((execution) => execution.id));
    for (const execution of batch) {
      yield executionLine(execution);
      yield* outputLines(execution.id, outputs.get(execution.id) ?? []);
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
