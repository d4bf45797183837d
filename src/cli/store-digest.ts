import { createHash, type Hash } from 'node:crypto';
import type { CvmStorage } from '../adapters/storage-adapter';
import { serializeLine, storeLines } from './store-lines';

/** Counts and SHA-256 hashes of a store's content, in the export's lossless encoding. */
export interface StoreDigest {
  programs: { count: number; sha256: string };
  executions: { count: number; sha256: string };
  output: { lines: number; sha256: string };
  /** Each entry hashed with its distance below its execution's revision, not the revision itself, which each store numbers its own way. */
  history: { entries: number; sha256: string };
  currentExecutionId: string | null;
}

export async function digestStore(adapter: CvmStorage): Promise<StoreDigest> {
  const hashes: Record<'program' | 'execution' | 'output' | 'history', Hash> = {
    program: createHash('sha256'),
    execution: createHash('sha256'),
    output: createHash('sha256'),
    history: createHash('sha256'),
  };
  let programs = 0;
  let executions = 0;
  let lines = 0;
  let entries = 0;
  let head = 0;
  let current: string | null = null;
  for await (const line of storeLines(adapter)) {
    if (line.kind === 'program') programs++;
    else if (line.kind === 'execution') executions++;
    else if (line.kind === 'output') lines += line.lines.length;
    else if (line.kind === 'current') current = line.executionId;
    if (line.kind === 'program' || line.kind === 'output') hashes[line.kind].update(serializeLine(line));
    else if (line.kind === 'execution') {
      head = line.revision ?? 0;
      hashes.execution.update(serializeLine({ kind: 'execution', document: line.document }));
    } else if (line.kind === 'history') {
      entries++;
      hashes.history.update(`${JSON.stringify({ executionId: line.executionId, below: head - line.revision, outputLength: line.outputLength, document: line.document })}\n`);
    }
  }
  return {
    programs: { count: programs, sha256: hashes.program.digest('hex') },
    executions: { count: executions, sha256: hashes.execution.digest('hex') },
    output: { lines, sha256: hashes.output.digest('hex') },
    history: { entries, sha256: hashes.history.digest('hex') },
    currentExecutionId: current,
  };
}

/** The parts in which two digests differ, as sentences; empty when the stores hold the same. */
export function digestDifferences(source: StoreDigest, target: StoreDigest): string[] {
  const differences: string[] = [];
  if (source.programs.count !== target.programs.count) differences.push(`programs: ${source.programs.count} in the source, ${target.programs.count} in the target`);
  else if (source.programs.sha256 !== target.programs.sha256) differences.push('programs differ in content');
  if (source.executions.count !== target.executions.count) differences.push(`executions: ${source.executions.count} in the source, ${target.executions.count} in the target`);
  else if (source.executions.sha256 !== target.executions.sha256) differences.push('executions differ in content');
  if (source.output.lines !== target.output.lines) differences.push(`output lines: ${source.output.lines} in the source, ${target.output.lines} in the target`);
  else if (source.output.sha256 !== target.output.sha256) differences.push('output differs in content');
  if (source.history.entries !== target.history.entries) differences.push(`history entries: ${source.history.entries} in the source, ${target.history.entries} in the target`);
  else if (source.history.sha256 !== target.history.sha256) differences.push('history differs in content');
  if (source.currentExecutionId !== target.currentExecutionId) differences.push('the current execution differs');
  return differences;
}
