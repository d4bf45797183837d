import type { Execution, Instruction, Program } from '../types';
import { EXECUTION_FIELDS, fieldNames, INSTRUCTION_FIELDS, PROGRAM_FIELDS } from '../types/record-fields';
import { setOwn } from '../util/set-own';
import { FORMAT_VERSION, readFormatVersion } from './format-version';
import { hasOriginalFields, originalToExecution, originalToProgram } from './original-format';
import { decodeText, encodeText, type StoredText } from './text-codec';
import { valueFields } from './value-fields';
import { CodecError, decodeValue, encodeValue, escapeKey, unescapeKey, type Encoded } from './value-codec';

/**
 * Fields a record has beyond the documented ones, such as the `status` and `output` a CVM VM adds:
 * stored under their escaped name (`~status`), so they can never collide with a documented
 * field, MongoDB's `_id`, or a `$` operator, and read back under their own name.
 */
type ExtraFields = { [escapedKey: `~${string}`]: Encoded };

export type InstructionDocument = { op: StoredText; arg?: Encoded; line?: Encoded } & ExtraFields;

/** How a program is stored: the same on disk (dates as ISO strings) and in MongoDB (dates as dates). */
export type ProgramDocument = {
  format: typeof FORMAT_VERSION;
  id: string;
  name: StoredText;
  source: StoredText;
  bytecode: InstructionDocument[];
  created: Date;
  updated?: Date;
} & ExtraFields;

export type ExecutionDocument = {
  format: typeof FORMAT_VERSION;
  id: string;
  programId: string;
  /** One of EXECUTION_STATES, or any other state a compatible-mode writer stored. */
  state: string;
  pc: number;
  stack: Encoded;
  variables: Encoded;
  iterators?: Encoded;
  heap?: Encoded;
  error?: Encoded;
  ccPrompt?: Encoded;
  returnValue?: Encoded;
  created: Date;
  updated?: Date;
} & ExtraFields;

const PROGRAM_DOCUMENTED: ReadonlySet<string> = new Set(fieldNames(PROGRAM_FIELDS));
const INSTRUCTION_VALUES = valueFields(INSTRUCTION_FIELDS);
const INSTRUCTION_DOCUMENTED: ReadonlySet<string> = new Set(fieldNames(INSTRUCTION_FIELDS));
const EXECUTION_VALUES = valueFields(EXECUTION_FIELDS);
const EXECUTION_DOCUMENTED: ReadonlySet<string> = new Set(fieldNames(EXECUTION_FIELDS));

type Fields = Record<string, unknown>;

/** `program` must already be validated. */
export function programToDocument(program: Program): ProgramDocument {
  const document: ProgramDocument = {
    format: FORMAT_VERSION,
    id: program.id,
    name: encodeText(program.name),
    source: encodeText(program.source),
    bytecode: program.bytecode.map(instructionToDocument),
    created: program.created,
  };
  if (program.updated !== undefined) document.updated = program.updated;
  return writeExtras(program as unknown as Fields, PROGRAM_DOCUMENTED, document);
}

function instructionToDocument(instruction: Instruction): InstructionDocument {
  const document: InstructionDocument = { op: encodeText(instruction.op) };
  for (const field of INSTRUCTION_VALUES) {
    if (instruction[field] !== undefined) document[field] = encodeValue(instruction[field]);
  }
  return writeExtras(instruction as unknown as Fields, INSTRUCTION_DOCUMENTED, document);
}

/** `execution` must already be validated. */
export function executionToDocument(execution: Execution): ExecutionDocument {
  const fields = execution as unknown as Fields;
  const document = {
    format: FORMAT_VERSION,
    id: execution.id,
    programId: execution.programId,
    state: execution.state,
    pc: execution.pc,
    created: execution.created,
  } as ExecutionDocument;
  for (const field of EXECUTION_VALUES) {
    if (fields[field] !== undefined) document[field] = encodeValue(fields[field]);
  }
  if (execution.updated !== undefined) document.updated = execution.updated;
  return writeExtras(fields, EXECUTION_DOCUMENTED, document);
}

/** Rebuilds a program from what storage returned, in any format; throws CodecError when the shape is wrong. */
export function documentToProgram(raw: unknown): Program {
  const doc = requireFields(raw, { id: 'string' });
  if (readFormatVersion(doc) === 1) return formatOneOrOriginal(doc, PROGRAM_DOCUMENTED, decodeProgram, originalToProgram);
  return decodeProgram(doc);
}

function decodeProgram(doc: Fields): Program {
  if (!Array.isArray(doc.bytecode)) throw new CodecError('bytecode is not an array');
  const program: Program = {
    id: doc.id as string,
    name: decodeText(doc.name, 'name'),
    source: decodeText(doc.source, 'source'),
    bytecode: doc.bytecode.map(documentToInstruction),
    created: readDate(doc.created, 'created'),
  };
  if (doc.updated !== undefined && doc.updated !== null) program.updated = readDate(doc.updated, 'updated');
  return readExtras(doc, program as unknown as Fields) as unknown as Program;
}

function documentToInstruction(raw: unknown): Instruction {
  // Programs hold thousands of instructions: check the one required field directly.
  const doc = raw as Fields;
  if (typeof raw !== 'object' || raw === null || doc.op === undefined) throw new CodecError('an instruction has no op');
  const instruction: Fields = { op: typeof doc.op === 'string' ? doc.op : decodeText(doc.op, 'op') };
  for (const field of INSTRUCTION_VALUES) {
    if (doc[field] !== undefined) instruction[field] = decodeValue(doc[field]);
  }
  return readExtras(doc, instruction) as unknown as Instruction;
}

export function documentToExecution(raw: unknown): Execution {
  const doc = requireFields(raw, { id: 'string', programId: 'string', state: 'string' });
  if (readFormatVersion(doc) === 1) return formatOneOrOriginal(doc, EXECUTION_DOCUMENTED, decodeExecution, originalToExecution);
  return decodeExecution(doc);
}

/**
 * A document without `format` is format 1 or the original's (format 0). It is the original's when
 * it has a plain top-level field format 1 cannot hold, or when it does not decode as format 1 (the
 * original's plain object keys have no `~`); a document that decodes as neither is refused with both reasons.
 */
function formatOneOrOriginal<T>(doc: Fields, documented: ReadonlySet<string>, formatOne: (doc: Fields) => T, original: (doc: Fields) => T): T {
  if (hasOriginalFields(doc, documented)) return original(doc);
  try {
    return formatOne(doc);
  } catch (error) {
    if (!(error instanceof CodecError)) throw error;
    try {
      return original(doc);
    } catch (originalError) {
      if (!(originalError instanceof CodecError)) throw originalError;
      throw new CodecError(`${error.message}; as the original's format: ${originalError.message}`);
    }
  }
}

function decodeExecution(doc: Fields): Execution {
  // A compatible-mode writer stores any state the VM names; only an empty one is not a state.
  if (doc.state === '') throw new CodecError('empty state');
  const execution: Fields = {
    id: doc.id,
    programId: doc.programId,
    state: doc.state,
    pc: readNumber(doc.pc, 'pc'),
    created: readDate(doc.created, 'created'),
  };
  for (const field of EXECUTION_VALUES) {
    if (doc[field] !== undefined) execution[field] = decodeValue(doc[field]);
  }
  if (!Array.isArray(execution.stack)) throw new CodecError('stack is not an array');
  if (typeof execution.variables !== 'object' || execution.variables === null) throw new CodecError('variables is not an object');
  if (doc.updated !== undefined && doc.updated !== null) execution.updated = readDate(doc.updated, 'updated');
  return readExtras(doc, execution) as unknown as Execution;
}

function writeExtras<D extends object>(record: Fields, documented: ReadonlySet<string>, document: D): D {
  for (const key of Object.keys(record)) {
    const value = record[key];
    if (value !== undefined && !documented.has(key)) (document as ExtraFields)[escapeKey(key) as `~${string}`] = encodeValue(value);
  }
  return document;
}

/** Adds the stored extra fields (`~name`); other unknown stored fields, such as `_id`, are not the record's. */
function readExtras(doc: Fields, record: Fields): Fields {
  for (const key of Object.keys(doc)) {
    if (key.charCodeAt(0) === 0x7e) setOwn(record, unescapeKey(key), decodeValue(doc[key]));
  }
  return record;
}

function requireFields(raw: unknown, fields: Record<string, 'string'>): Fields {
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) throw new CodecError('record is not an object');
  const doc = raw as Fields;
  for (const [field, type] of Object.entries(fields)) {
    if (typeof doc[field] !== type) throw new CodecError(`${field} is missing or not a ${type}`);
  }
  return doc;
}

function readDate(value: unknown, field: string): Date {
  const date = value instanceof Date ? new Date(value.getTime()) : typeof value === 'string' ? new Date(value) : null;
  if (date === null || Number.isNaN(date.getTime())) throw new CodecError(`${field} is not a date`);
  return date;
}

function readNumber(value: unknown, field: string): number {
  if (typeof value !== 'number') throw new CodecError(`${field} is not a number`);
  return value;
}
