import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { executionToDocument, programToDocument } from '../../src/codec/record-codec';
import type { Execution, Program } from '../../src';
import { newExecution } from '../../src/testing';

export function program(id: string, created = new Date(Date.UTC(2026, 0, 1))): Program {
  return { id, name: `program ${id}`, source: 'print(1)', bytecode: [{ op: 'PUSH', arg: 1 }, { op: 'HALT' }], created };
}

/** An execution holding what JSON alone cannot: NaN, -0, Infinity, a lone surrogate, an unknown field, nested arrays. */
export function awkwardExecution(id: string, programId: string): Execution {
  const execution = newExecution(id, programId);
  execution.created = new Date(Date.UTC(2026, 0, 2, 3, 4, 5, 678));
  execution.updated = new Date(Date.UTC(2026, 0, 3));
  execution.stack = [NaN, -0, Infinity, 'half \uD83D', null];
  execution.variables = { 'a.b': 1, $dollar: [[1, 2], [3]] as never, nested: { type: 'object', properties: { x: -Infinity } } };
  (execution as unknown as Record<string, unknown>).status = 'waiting_cc';
  execution.state = 'AWAITING_COGNITIVE_RESULT';
  return execution;
}

export interface SeedOptions {
  programs: number;
  executions: number;
  outputLines: (index: number) => string[];
}

/**
 * Writes a file store directly in the file backend's format (the codec's documents, one file
 * each; output in output-log.ts's format, one record per line list) without fsync: fast fixtures.
 */
export function seedFileStore(dataDir: string, options: SeedOptions): void {
  for (const folder of ['programs', 'executions', 'outputs']) mkdirSync(path.join(dataDir, folder), { recursive: true });
  for (let p = 0; p < options.programs; p++) {
    writeFileSync(path.join(dataDir, 'programs', `p${p}.json`), JSON.stringify(programToDocument(program(`p${p}`))));
  }
  const base = Date.UTC(2026, 1, 1);
  for (let e = 0; e < options.executions; e++) {
    const execution = newExecution(`e${e}`, `p${e % Math.max(options.programs, 1)}`);
    execution.created = new Date(base + e);
    execution.pc = e % 7;
    execution.variables = { i: e };
    execution.state = (['READY', 'RUNNING', 'COMPLETED'] as const)[e % 3];
    writeFileSync(path.join(dataDir, 'executions', `e${e}.json`), JSON.stringify(executionToDocument(execution)));
    const lines = options.outputLines(e);
    if (lines.length > 0) writeFileSync(path.join(dataDir, 'outputs', `e${e}.jsonl`), `\n${JSON.stringify(lines)}`);
  }
}
