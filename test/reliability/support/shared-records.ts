import type { Execution } from '../../../src/types';

/** What the processes of the multi-process test write, rebuilt exactly by the test. */
export const SHARED_OUTPUT_ID = 'shared-out';
export const SHARED_EXECUTION_ID = 'shared-exec';
export const OWN_EXECUTIONS_PER_WRITER = 3;

const EPOCH = Date.UTC(2024, 5, 1);

export function ownExecutionId(writer: number, slot: number): string {
  return `w${writer}-e${slot}`;
}

export function writerExecution(id: string, writer: number, step: number): Execution {
  return {
    id,
    programId: 'shared-prog',
    state: 'RUNNING',
    pc: step,
    stack: [writer, step, -0, NaN],
    variables: { writer, step, pad: 'p'.repeat((writer * 7919 + step * 104_729) % 5_000) },
    created: new Date(EPOCH + writer),
    updated: new Date(EPOCH + step),
  };
}

/** Line `index` of the `count` lines of output record `step` of `writer`, padded to `size`. */
export function sharedLine(writer: number, step: number, index: number, count: number, size: number): string {
  return `w${writer}.r${step}.l${index}of${count}.n${size}:${'q'.repeat(size)}`;
}

const LINE = /^w(\d+)\.r(\d+)\.l(\d+)of(\d+)\.n(\d+):(q*)$/;

export interface ParsedLine {
  writer: number;
  step: number;
  index: number;
  count: number;
  intact: boolean;
}

export function parseSharedLine(line: string): ParsedLine | null {
  const match = LINE.exec(line);
  if (!match) return null;
  const [, writer, step, index, count, size, padding] = match;
  return { writer: Number(writer), step: Number(step), index: Number(index), count: Number(count), intact: padding.length === Number(size) };
}
