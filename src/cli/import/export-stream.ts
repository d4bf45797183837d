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
  | { kind: 'execution'; execution: Execution }
  | { kind: 'output'; executionId: string; lines: string[] }
  | { kind: 'current'; executionId: string | null };

export interface ExportSummary {
  version: number;
  programs: number;
  executions: number;
  outputLines: number;
  currentExecutionId: string | null;
  /** SHA-256 of every byte read: a second read of the same file must give the same. */
  sha256: string;
  warnings: string[];
}

/**
 * Reads an export stream, checking every line as it comes (its shape, that its record decodes and
 * validates, no program or execution twice, output right after its own execution, the order of
 * the header, the records, the current pointer and the end line) and, at the end, that it is
 * complete: a version 2 stream must end with its end line, whose counts and SHA-256 match what
 * came before; a version 1 stream (no end line) must at least end with its current line. Any
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
  #outputLines = 0;
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
      if (line.kind !== 'header' || line.format !== EXPORT_FORMAT || (line.version !== 1 && line.version !== EXPORT_VERSION)) {
        throw new ImportFormatError(number, `expected the header of a ${EXPORT_FORMAT} stream, version 1 or ${EXPORT_VERSION}`);
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
        return { kind: 'execution', execution };
      }
      case 'output': {
        if (typeof line.executionId !== 'string') throw new ImportFormatError(number, 'an output line without an executionId string');
        if (line.executionId !== this.#lastExecution) throw new ImportFormatError(number, `output of ${line.executionId} that does not follow its execution's line`);
        if (!Array.isArray(line.lines) || line.lines.length === 0) throw new ImportFormatError(number, 'an output line without a non-empty lines array');
        const lines = validateOutputLines(decodeOutput({ lines: line.lines as StoredText[] }));
        this.#outputLines += lines.length;
        return { kind: 'output', executionId: line.executionId, lines };
      }
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

  #end(line: Record<string, unknown>, number: number): null {
    if (this.#version === 1) throw new ImportFormatError(number, 'an end line in a version 1 stream');
    if (this.#stage !== 'current') throw new ImportFormatError(number, 'the end line comes before the current line');
    const expected = {
      programs: this.#programs.size,
      executions: this.#executions.size,
      outputLines: this.#outputLines,
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
