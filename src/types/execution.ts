import type { CVMArray, CVMValue } from './cvm-value';

export const EXECUTION_STATES = [
  'READY',
  'RUNNING',
  'AWAITING_COGNITIVE_RESULT',
  'COMPLETED',
  'ERROR',
] as const;

export type ExecutionState = (typeof EXECUTION_STATES)[number];

/**
 * A loop in progress: `for-of` walks `array`; `for-in` walks `keys`. Typed as the CVM declares it,
 * so records read back are assignable to its own IteratorState; the CVM VM's `for-in` stores
 * `array: null`, which is kept and returned as given.
 */
export interface IteratorState {
  array: CVMArray;
  index: number;
  length: number;
  keys?: string[];
}

/** A heap entry; inside `data` the VM refers to other entries as `{ $ref: id }`. */
export interface HeapObject {
  type: 'array' | 'object';
  data: CVMValue;
}

export interface Heap {
  objects: Record<number, HeapObject>;
  nextId: number;
}

/**
 * The whole state of a VM run, saved at every pause so any process can resume it. A VM may add
 * fields (the CVM VM adds `status` and `output`); they are stored and returned as given.
 */
export interface Execution {
  id: string;
  programId: string;
  state: ExecutionState;
  pc: number;
  stack: CVMValue[];
  variables: Record<string, CVMValue>;
  iterators?: IteratorState[];
  heap?: Heap;
  /** As the CVM declares it; a `null` the VM stores is kept and returned as given. */
  error?: string;
  /** As the CVM declares it; a `null` the VM stores is kept and returned as given. */
  ccPrompt?: string;
  returnValue?: CVMValue;
  /** The VM's own run status, e.g. `'running'`, `'waiting_cc'`, `'complete'`, `'error'`. */
  status?: string;
  /** Lines the VM printed during its last step (storage keeps output apart, see appendOutput). */
  output?: string[];
  created: Date;
  updated?: Date;
}

/** What storage requires of an execution; an application's own execution type may add to it. */
export interface BaseExecution {
  id: string;
  programId: string;
  state: string;
  pc: number;
  stack: readonly unknown[];
  variables: object;
  created: Date;
  updated?: Date;
}
