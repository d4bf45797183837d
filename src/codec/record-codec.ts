import type { Execution, ExecutionState, Instruction, Program } from '../types';
import { EXECUTION_STATES } from '../types';
import { CodecError, decodeValue, encodeValue, type Encoded } from './value-codec';

/** How a program is stored: the same on disk (dates as ISO strings) and in MongoDB (dates as dates). */
export interface ProgramDocument {
  id: string;
  name: string;
  source: string;
  bytecode: { op: string; arg?: Encoded; line?: number }[];
  created: Date;
  updated?: Date;
}

export interface ExecutionDocument {
  id: string;
  programId: string;
  state: ExecutionState;
  pc: number;
  stack: Encoded;
  variables: Encoded;
  iterators?: Encoded;
  heap?: Encoded;
  error?: string;
  ccPrompt?: string;
  returnValue?: Encoded;
  created: Date;
  updated?: Date;
}

const OPTIONAL_EXECUTION_VALUES = ['iterators', 'heap', 'returnValue'] as const;
const OPTIONAL_EXECUTION_TEXTS = ['error', 'ccPrompt'] as const;

/** `program` must already be validated. */
export function programToDocument(program: Program): ProgramDocument {
  const document: ProgramDocument = {
    id: program.id,
    name: program.name,
    source: program.source,
    bytecode: program.bytecode.map(instructionToDocument),
    created: program.created,
  };
  if (program.updated !== undefined) document.updated = program.updated;
  return document;
}

function instructionToDocument(instruction: Instruction): ProgramDocument['bytecode'][number] {
  const stored: ProgramDocument['bytecode'][number] = { op: instruction.op };
  if (instruction.arg !== undefined) stored.arg = encodeValue(instruction.arg);
  if (instruction.line !== undefined) stored.line = instruction.line;
  return stored;
}

/** `execution` must already be validated. */
export function executionToDocument(execution: Execution): ExecutionDocument {
  const document: ExecutionDocument = {
    id: execution.id,
    programId: execution.programId,
    state: execution.state,
    pc: execution.pc,
    stack: encodeValue(execution.stack),
    variables: encodeValue(execution.variables),
    created: execution.created,
  };
  for (const key of OPTIONAL_EXECUTION_VALUES) {
    if (execution[key] !== undefined) document[key] = encodeValue(execution[key]);
  }
  for (const key of OPTIONAL_EXECUTION_TEXTS) {
    if (execution[key] !== undefined) document[key] = execution[key];
  }
  if (execution.updated !== undefined) document.updated = execution.updated;
  return document;
}

/** Rebuilds a program from what storage returned; throws CodecError when the shape is wrong. */
export function documentToProgram(raw: unknown): Program {
  const doc = requireFields(raw, { id: 'string', name: 'string', source: 'string' });
  if (!Array.isArray(doc.bytecode)) throw new CodecError('bytecode is not an array');
  const program: Program = {
    id: doc.id as string,
    name: doc.name as string,
    source: doc.source as string,
    bytecode: doc.bytecode.map(documentToInstruction),
    created: readDate(doc.created, 'created'),
  };
  if (doc.updated !== undefined && doc.updated !== null) program.updated = readDate(doc.updated, 'updated');
  return program;
}

function documentToInstruction(raw: unknown): Instruction {
  // Programs hold thousands of instructions: check the one required field directly.
  const doc = raw as Record<string, unknown>;
  if (typeof raw !== 'object' || raw === null || typeof doc.op !== 'string') throw new CodecError('an instruction has no op');
  const instruction: Instruction = { op: doc.op };
  if (doc.arg !== undefined) instruction.arg = decodeValue(doc.arg) as Instruction['arg'];
  if (doc.line !== undefined) instruction.line = readNumber(doc.line, 'line');
  return instruction;
}

export function documentToExecution(raw: unknown): Execution {
  const doc = requireFields(raw, { id: 'string', programId: 'string', state: 'string' });
  if (!(EXECUTION_STATES as readonly string[]).includes(doc.state as string)) {
    throw new CodecError(`unknown state ${JSON.stringify(doc.state)}`);
  }
  const execution: Execution = {
    id: doc.id as string,
    programId: doc.programId as string,
    state: doc.state as ExecutionState,
    pc: readNumber(doc.pc, 'pc'),
    stack: decodeValue(doc.stack) as Execution['stack'],
    variables: decodeValue(doc.variables) as Execution['variables'],
    created: readDate(doc.created, 'created'),
  };
  if (!Array.isArray(execution.stack)) throw new CodecError('stack is not an array');
  for (const key of OPTIONAL_EXECUTION_VALUES) {
    if (doc[key] !== undefined) (execution as unknown as Record<string, unknown>)[key] = decodeValue(doc[key]);
  }
  for (const key of OPTIONAL_EXECUTION_TEXTS) {
    if (doc[key] !== undefined) execution[key] = readString(doc[key], key);
  }
  if (doc.updated !== undefined && doc.updated !== null) execution.updated = readDate(doc.updated, 'updated');
  return execution;
}

function requireFields(raw: unknown, fields: Record<string, 'string'>): Record<string, unknown> {
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) throw new CodecError('record is not an object');
  const doc = raw as Record<string, unknown>;
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

function readString(value: unknown, field: string): string {
  if (typeof value !== 'string') throw new CodecError(`${field} is not a string`);
  return value;
}
