/**
 * One bytecode instruction: an opcode name such as `PUSH`, `CC` or `HALT`, and its argument, which
 * may be a CVM value or another JSON-like value (`LOAD_REGEX` carries `{ pattern, flags }`).
 */
export interface Instruction {
  op: string;
  arg?: unknown;
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

/**
 * What storage requires of a program. An application may declare its own program type (an opcode
 * enum for `op`, more fields) and use it as the type argument of StorageAdapter and the repositories.
 */
export interface BaseProgram {
  id: string;
  name: string;
  source: string;
  bytecode: readonly { op: string }[];
  created: Date;
  updated?: Date;
}
