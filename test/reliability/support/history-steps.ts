import type { Execution } from '../../../src/types';

export const HISTORY_EXECUTION_ID = 'history-crash';

/** The state the history crash worker saves at `pc`: every field a function of pc, so any stored state tells which step wrote it. */
export function historyStep(pc: number): Execution {
  return {
    id: HISTORY_EXECUTION_ID,
    programId: 'history-crash-program',
    state: 'AWAITING_COGNITIVE_RESULT',
    pc,
    stack: [`result of step ${pc}`, pc],
    variables: { pc, text: 'x'.repeat(2_000 + (pc % 7) * 100) },
    created: new Date('2026-01-01T00:00:00.000Z'),
    updated: new Date(Date.UTC(2026, 0, 1) + pc * 1000),
  };
}
