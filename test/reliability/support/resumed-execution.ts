import type { Execution } from '../../../src/types';

export const RESUMED_EXECUTION_ID = 'resumed';

/** The execution as the worker that resumed it from `revision` saves it. */
export function resumedExecution(revision: number, worker: number): Execution {
  return {
    id: RESUMED_EXECUTION_ID,
    programId: 'program',
    state: 'RUNNING',
    pc: revision,
    stack: [revision],
    variables: { worker },
    created: new Date('2026-01-01T00:00:00.000Z'),
  };
}

/** The output line of the step from `revision` that `worker` won. */
export function stepLine(revision: number, worker: number): string {
  return `step from revision ${revision} by worker ${worker}`;
}
