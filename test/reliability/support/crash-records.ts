import type { Execution, Program } from '../../../src/types';

/**
 * What the crash worker writes, rebuilt exactly by the test from the (slot, version, size) the
 * worker reported: a stored record either equals one of these or the test fails.
 */
export const CRASH_EXECUTION_IDS = ['crash-e0', 'crash-e1', 'crash-e2'] as const;
export const CRASH_PROGRAM_IDS = ['crash-p0', 'crash-p1'] as const;
export const CRASH_OUTPUT_ID = 'crash-out';
export const CURRENT_SLOT = 'current';

const EPOCH = Date.UTC(2024, 0, 1);

/** Version numbers grow across trials: trial * VERSION_STRIDE + operation number. */
export const VERSION_STRIDE = 1_000_000;

export function crashExecution(id: string, version: number, size: number): Execution {
  return {
    id,
    programId: CRASH_PROGRAM_IDS[0],
    state: version % 2 === 0 ? 'RUNNING' : 'AWAITING_COGNITIVE_RESULT',
    pc: version % 997,
    stack: [version, NaN, -0, Infinity, { type: 'undefined' }, 'é☃𝄞'],
    variables: {
      version,
      pad: 'x'.repeat(size),
      '': { type: 'object', properties: { $gt: -Infinity, 'a.b': null, __proto__x: true } },
    },
    ccPrompt: `prompt ${version}`,
    created: new Date(EPOCH),
    updated: new Date(EPOCH + version),
  };
}

export function crashProgram(id: string, version: number, size: number): Program {
  return {
    id,
    name: `v${version}`,
    source: 'y'.repeat(size),
    bytecode: [{ op: 'PUSH', arg: version, line: 1 }, { op: 'HALT' }],
    created: new Date(EPOCH),
    updated: new Date(EPOCH + version),
  };
}

export function currentValue(version: number): string {
  return `cur-${version}`;
}

/** The lines of output record `record` of `trial`; each line names itself and its padding. */
export function crashOutputLines(trial: number, record: number, sizes: readonly number[]): string[] {
  return sizes.map((size, index) => `t${trial}.r${record}.l${index}of${sizes.length}.n${size}:${'z'.repeat(size)}`);
}

/** The version a stored record carries, read back the way the worker wrote it. */
export function versionOfExecution(execution: Execution): number {
  return execution.variables.version as number;
}

export function versionOfProgram(program: Program): number {
  return Number(program.name.slice(1));
}

export function versionOfCurrent(value: string): number {
  return Number(value.slice('cur-'.length));
}
