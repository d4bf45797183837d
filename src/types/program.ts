import type { CVMValue } from './cvm-value';

/** One bytecode instruction: an opcode name such as `PUSH`, `CC` or `HALT`. */
export interface Instruction {
  op: string;
  arg?: CVMValue;
  line?: number;
}

export interface Program {
  id: string;
  name: string;
  source: string;
  bytecode: Instruction[];
  created: Date;
  updated?: Date;
}
