import type { CVMArray, CVMValue } from './cvm-value';

export const EXECUTION_STATES = [
  'READY',
  'RUNNING',
  'AWAITING_COGNITIVE_RESULT',
  'COMPLETED',
  'ERROR',
] as const;

export type ExecutionState = (typeof EXECUTION_STATES)[number];

export interface IteratorState {
  array: CVMArray;
  index: number;
  length: number;
}

export interface HeapObject {
  type: 'array' | 'object';
  data: CVMValue;
}

export interface Heap {
  objects: Record<number, HeapObject>;
  nextId: number;
}

/** The whole state of a VM run, saved at every pause so any process can resume it. */
export interface Execution {
  id: string;
  programId: string;
  state: ExecutionState;
  pc: number;
  stack: CVMValue[];
  variables: Record<string, CVMValue>;
  iterators?: IteratorState[];
  heap?: Heap;
  error?: string;
  ccPrompt?: string;
  returnValue?: CVMValue;
  created: Date;
  updated?: Date;
}
