import type { Execution } from '../types';

/** A fresh execution of `programId`, ready to run: state READY, pc 0, empty stack and variables. */
export function newExecution(id: string, programId: string, created: Date = new Date()): Execution {
  return { id, programId, state: 'READY', pc: 0, stack: [], variables: {}, created };
}
