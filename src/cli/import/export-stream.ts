import { createHash } from 'node:crypto';
import type { Readable } from 'node:stream';
import { CodecError } from '../../codec/value-codec';
import { InvalidIdError, ValidationError } from '../../errors';
import type { Execution, Program } from '../../types';
import { isPlainObject } from '../../validation/cvm-value-check';
import { assertValidId } from '../../validation/ids';
import { validateExecution, validateOutputLines, validateProgram } from '../../validation/validate-record';
import { ImportFormatError } from '../cli-errors';
import { decodeExecution, decodeOutput, decodeProgram, EXPORT_FORMAT, EXPORT_VERSION } from '../store-lines';
import type { StoredText } from '../../codec/text-codec';
import { readLines } from './line-reader';

/** What one line of an export asks the import to do, decoded and checked. */
export type ImportItem =
  | { kind: 'program'; program: Program }
  | { kind: 'execution'; execution: Execution; revision: number | null }
  | { kind: 'output'; executionId: string; lines: string[] }
  /** The state saved at `revision` of the source, where the execution's current revision was `head`. */
  | { kind: 'history'; executionId: string; revision: number; head: number; outputLength: number; execution: Execution }
  | { kind: 'current'; executionId: string | null };

export interface ExportSummary {
  version: number;
  programs: number;
  executions: number;
  outputLines: number;
  historyEntries: number;
  currentExecutionId: string | null;
  /** SHA-256 of every byte read: a second read of the same file must give the same. */
  sha256: string;
  warnings: string[];
}

/**
 * Reads an export stream, checking every line as it comes (its shape, that its record decodes and
 * validates, no program or execution twice, output right after its own execution, the order of
 * the header, the records, the current pointer and the end line; history entries, from version 3,
 * right after their execution's output, newest first, each a valid execution of that id at or below
 * the revision its execution line gives, counting no more output than the stream holds) and, at
 * the end, that it is complete: a version 2 or 3 stream must end with its end line, whose counts
 * and SHA-256 match what came before; a version 1 stream (no end line) must at least end with its current line. Any
 * failure is an ImportFormatError naming the line. `apply`, when given, gets each item in order.
 */
export async function readExport(input: Readable, apply?: (item: ImportItem) => Promise<void>): Promise<ExportSummary> {
  const reader = new ExportReader();
  for await (const line of readLines(input)) {
    const item = reader.accept(line.number, line.bytes);
    if (item === null || apply === undefined) continue;
    try {
      await apply(item);
    } catch (error) {
      throw asFormatError(error, line.number);
    }
  }
  return reader.finish();
}

type Stage = 'header' | 'records' | 'current' | 'ended';

const READABLE_VERSIONS: readonly number[] = [1, 2, EXPORT_VERSION];

class ExportReader {
  #stage: Stage = 'header';
  #version = 0;
  #lastLine = 0;
  readonly #all = createHash('sha256');
  readonly #beforeEnd = createHash('sha256');
  #linesBeforeEnd = 0;
  readonly #programs = new Set<string>();
  readonly #executions = new Set<string>();
  #lastExecution: string | null = null;
  /** The revision the last execution line gave (version 3), and what came after it. */
  #lastHead: number | null = null;
  #lastOutputLines = 0;
  #lastHistoryRevision: number | null = null;
  #outputLines = 0;
  #historyEntries = 0;
  #current: string | null = null;

  accept(number: number, bytes: Buffer): ImportItem | null {
    this.#lastLine = number;
    this.#all.update(bytes).update('\n');
    const text = bytes.toString('utf8');
    if (text.trim() === '') {
      this.#count(bytes);
      return null;
    }
    const line = parse(text, number);
    if (line.kind !== 'end') this.#count(bytes);
    try {
      return this.#item(line, number);
    } catch (error) {
      throw asFormatError(error, number);
    }
  }

  finish(): ExportSummary {
    const end = this.#lastLine + 1;
    if (this.#stage === 'header') throw new ImportFormatError(Math.max(this.#lastLine, 1), 'the stream is empty');
    const warnings: string[] = [];
    if (this.#version === 1) {
      if (this.#stage !== 'current') throw new ImportFormatError(end, 'the stream ends before its current line: it is truncated');
      warnings.push('a version 1 export has no end line: only its closing current line shows it is complete (export again with this version to get one)');
    } else if (this.#stage !== 'ended') {
      throw new ImportFormatError(end, `the stream ends without its end line: it is truncated (${this.#executions.size} executions read so far)`);
    }
    return {
      version: this.#version,
      programs: this.#programs.size,
      executions: this.#executions.size,
      outputLines: this.#outputLines,
      historyEntries: this.#historyEntries,
      currentExecutionId: this.#current,
      sha256: this.#all.digest('hex'),
      warnings,
    };
  }

  #count(bytes: Buffer): void {
    if (this.#stage === 'ended') return;
    this.#linesBeforeEnd++;
    this.#beforeEnd.update(bytes).update('\n');
  }

  #item(line: Record<string, unknown> & { kind: string }, number: number): ImportItem | null {
    if (this.#stage === 'header') {
      if (line.kind !== 'header' || line.format !== EXPORT_FORMAT || !(typeof line.version === 'number' && READABLE_VERSIONS.includes(line.version))) {
        throw new ImportFormatError(number, `expected the header of a ${EXPORT_FORMAT} stream, version ${READABLE_VERSIONS.join(', ')}`);
      }
      this.#version = line.version;
      this.#stage = 'records';
      return null;
    }
    if (this.#stage === 'ended') throw new ImportFormatError(number, 'a line after the end line');
    if (line.kind === 'end') return this.#end(line, number);
    if (this.#stage === 'current') throw new ImportFormatError(number, `a ${JSON.stringify(line.kind)} line after the current line`);
    switch (line.kind) {
      case 'program': {
        const program = decodeProgram({ document: documentOf(line, number) });
        validateProgram(program, 'compatible');
        if (this.#programs.has(program.id)) throw new ImportFormatError(number, `program ${program.id} appears twice`);
        this.#programs.add(program.id);
        return { kind: 'program', program };
      }
      case 'execution': {
        const execution = decodeExecution({ document: documentOf(line, number) });
        validateExecution(execution, 'compatible');
        if (this.#executions.has(execution.id)) throw new ImportFormatError(number, `execution ${execution.id} appears twice`);
        this.#executions.add(execution.id);
        this.#lastExecution = execution.id;
        this.#lastHead = this.#version >= 3 && line.revision !== undefined ? revisionOf(line.revision, number, `execution ${execution.id}: its revision`) : null;
        this.#lastOutputLines = 0;
        this.#lastHistoryRevision = null;
        return { kind: 'execution', execution, revision: this.#lastHead };
      }
      case 'output': {
        if (typeof line.executionId !== 'string') throw new ImportFormatError(number, 'an output line without an executionId string');
        if (line.executionId !== this.#lastExecution) throw new ImportFormatError(number, `output of ${line.executionId} that does not follow its execution's line`);
        if (!Array.isArray(line.lines) || line.lines.length === 0) throw new ImportFormatError(number, 'an output line without a non-empty lines array');
        if (this.#lastHistoryRevision !== null) throw new ImportFormatError(number, `output of ${line.executionId} after its history lines`);
        const lines = validateOutputLines(decodeOutput({ lines: line.lines as StoredText[] }));
        this.#outputLines += lines.length;
        this.#lastOutputLines += lines.length;
        return { kind: 'output', executionId: line.executionId, lines };
      }
      case 'history':
        return this.#history(line, number);
      case 'current': {
        const id = line.executionId;
        if (id !== null) assertValidId(id, 'executionId');
        this.#current = id;
        this.#stage = 'current';
        return { kind: 'current', executionId: id };
      }
      default:
        throw new ImportFormatError(number, `unexpected ${JSON.stringify(line.kind)} line`);
    }
  }

  /** A history line of the last execution, checked before anything about it is kept. */
  #history(line: Record<string, unknown>, number: number): ImportItem {
    if (this.#version < 3) throw new ImportFormatError(number, `a history line in a version ${this.#version} stream`);
    const id = line.executionId;
    if (typeof id !== 'string') throw new ImportFormatError(number, 'a history line without an executionId string');
    if (id !== this.#lastExecution) throw new ImportFormatError(number, `history of ${id} that does not follow its execution's line and output`);
    const head = this.#lastHead;
    if (head === null) throw new ImportFormatError(number, `history of ${id}, whose execution line gives no revision`);
    const entry = `the history entry of execution ${id}`;
    const revision = revisionOf(line.revision, number, `${entry}: its revision`);
    const at = `${entry} at revision ${revision}`;
    if (revision > head) throw new ImportFormatError(number, `${at}: above the execution's revision ${head}`);
    const previous = this.#lastHistoryRevision;
    if (previous !== null && revision >= previous) throw new ImportFormatError(number, `${at}: not below the entry before it (${previous}): entries come newest first, each once`);
    const length = line.outputLength;
    if (typeof length !== 'number' || !Number.isSafeInteger(length) || length < 0 || length > this.#lastOutputLines) {
      throw new ImportFormatError(number, `${at}: outputLength ${JSON.stringify(length)} is not a whole number from 0 to the ${this.#lastOutputLines} output lines the stream holds`);
    }
    const document = documentOf(line, number);
    let execution: Execution;
    try {
      execution = decodeExecution({ document });
      validateExecution(execution, 'compatible');
    } catch (error) {
      const formatted = asFormatError(error, number);
      throw formatted instanceof ImportFormatError ? new ImportFormatError(number, `${at}: ${(error as Error).message}`, { cause: error }) : formatted;
    }
    if (execution.id !== id) throw new ImportFormatError(number, `${at}: it holds execution ${JSON.stringify(execution.id)}`);
    this.#lastHistoryRevision = revision;
    this.#historyEntries++;
    return { kind: 'history', executionId: id, revision, head, outputLength: length, execution };
  }

  #end(line: Record<string, unknown>, number: number): null {
    if (this.#version === 1) throw new ImportFormatError(number, 'an end line in a version 1 stream');
    if (this.#stage !== 'current') throw new ImportFormatError(number, 'the end line comes before the current line');
    const expected = {
      programs: this.#programs.size,
      executions: this.#executions.size,
      outputLines: this.#outputLines,
      ...(this.#version >= 3 ? { historyEntries: this.#historyEntries } : {}),
      lines: this.#linesBeforeEnd,
    };
    for (const [field, count] of Object.entries(expected)) {
      if (line[field] !== count) {
        throw new ImportFormatError(number, `the end line counts ${JSON.stringify(line[field])} ${field}, the stream holds ${count}: lines are missing or added`);
      }
    }
    if (line.sha256 !== this.#beforeEnd.digest('hex')) throw new ImportFormatError(number, 'the SHA-256 of the end line does not match the lines before it: the stream was changed');
    this.#stage = 'ended';
    return null;
  }
}

/** A revision in the stream: a whole number from 1, else an ImportFormatError saying whose. */
function revisionOf(value: unknown, number: number, whose: string): number {
  if (typeof value !== 'number' || !Number.isSafeInteger(value) || value < 1) throw new ImportFormatError(number, `${whose} is ${JSON.stringify(value)}, not a whole number from 1`);
  return value;
}

function parse(text: string, number: number): Record<string, unknown> & { kind: string } {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    throw new ImportFormatError(number, 'not JSON', { cause: error });
  }
  if (!isPlainObject(value) || typeof value.kind !== 'string') throw new ImportFormatError(number, 'not an object with a kind');
  return value as Record<string, unknown> & { kind: string };
}

function documentOf(line: Record<string, unknown>, number: number): object {
  if (!isPlainObject(line.document)) throw new ImportFormatError(number, `a ${String(line.kind)} line without a document object`);
  return line.document;
}

function asFormatError(error: unknown, number: number): unknown {
  if (error instanceof CodecError || error instanceof ValidationError || error instanceof InvalidIdError) return new ImportFormatError(number, error.message, { cause: error });
  return error;
}
