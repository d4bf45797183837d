import type { Execution } from './execution';
import type { Instruction, Program } from './program';

/**
 * What a documented field holds, as strict validation requires it: `id` a record id, `name` a
 * string of at most LIMITS.maxNameLength, `text` one of at most LIMITS.maxStringLength, `op` an
 * opcode name (1 to LIMITS.maxOpLength), `state` one of EXECUTION_STATES, `count` a non-negative
 * integer, `date` a valid Date, `bytecode` an array of instructions, `cvm-value` a CVM value,
 * `cvm-list` an array of them, `cvm-record` a record of them, `iterators` and `heap` the VM's
 * loop and heap state.
 */
export type FieldKind =
  | 'id'
  | 'name'
  | 'text'
  | 'op'
  | 'state'
  | 'count'
  | 'date'
  | 'bytecode'
  | 'cvm-value'
  | 'cvm-list'
  | 'cvm-record'
  | 'iterators'
  | 'heap';

export interface FieldDeclaration {
  readonly kind: FieldKind;
  /** Present in every record; an optional field may be left out (and a stored document may hold it as null). */
  readonly required: boolean;
  /**
   * Default validation takes any JSON-like value here, as the original CVM storage kept whatever
   * the VM gave (the CVM VM saves `error: null`); strict validation still checks `kind`.
   */
  readonly loose?: true;
}

/**
 * One declaration per field of `T`, no more and no less: a field added to the type and missing
 * here, or declared here and not in the type, is a type error, and so is a wrong `required` or a
 * `date` kind on a field that is not a Date (or the reverse).
 */
export type RecordFields<T> = {
  readonly [K in keyof T]-?: FieldDeclaration & {
    readonly required: object extends Pick<T, K> ? false : true;
    readonly kind: Exclude<T[K], undefined> extends Date ? 'date' : Exclude<FieldKind, 'date'>;
  };
};

/** A program's documented fields, in the order records are written and read. */
export const PROGRAM_FIELDS = {
  id: { kind: 'id', required: true },
  name: { kind: 'name', required: true },
  source: { kind: 'text', required: true },
  bytecode: { kind: 'bytecode', required: true },
  created: { kind: 'date', required: true },
  updated: { kind: 'date', required: false },
} as const satisfies RecordFields<Program>;

/** The documented fields of one bytecode instruction. */
export const INSTRUCTION_FIELDS = {
  op: { kind: 'op', required: true },
  arg: { kind: 'cvm-value', required: false, loose: true },
  line: { kind: 'count', required: false, loose: true },
} as const satisfies RecordFields<Instruction>;

/**
 * An execution's documented fields. `status` and `output`, which the CVM VM adds, are not
 * documented: like any other extra field they are stored and returned as given.
 */
export const EXECUTION_FIELDS = {
  id: { kind: 'id', required: true },
  programId: { kind: 'id', required: true },
  state: { kind: 'state', required: true },
  pc: { kind: 'count', required: true },
  stack: { kind: 'cvm-list', required: true },
  variables: { kind: 'cvm-record', required: true },
  iterators: { kind: 'iterators', required: false, loose: true },
  heap: { kind: 'heap', required: false, loose: true },
  error: { kind: 'text', required: false, loose: true },
  ccPrompt: { kind: 'text', required: false, loose: true },
  returnValue: { kind: 'cvm-value', required: false, loose: true },
  created: { kind: 'date', required: true },
  updated: { kind: 'date', required: false },
} as const satisfies RecordFields<Omit<Execution, 'status' | 'output'>>;

/** The documented fields' names, in declaration order. */
export function fieldNames<F extends object>(fields: F): (keyof F & string)[] {
  return Object.keys(fields) as (keyof F & string)[];
}
