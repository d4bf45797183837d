import type { Execution } from '../../../src/types';

/** The records of workers/descriptor-load.ts, so the parent can check each one. */
export const loadOutputId = (index: number): string => `load-out-${index}`;
export const loadExecutionId = (index: number): string => `load-exec-${index}`;
export const loadLine = (index: number): string => `line ${index} of the descriptor load`;

export function loadExecution(index: number): Execution {
  return {
    id: loadExecutionId(index),
    programId: 'load-program',
    state: 'RUNNING',
    pc: index,
    stack: [index],
    variables: { index },
    created: new Date(Date.UTC(2026, 0, 1) + index),
  } as Execution;
}
