import type { Execution, Program } from '../types';
import { setOwn } from '../util/set-own';
import { CodecError } from './value-codec-error';

/**
 * Format 0: the records the original CVM storage package wrote, each the record itself as
 * `JSON.stringify` (files) or the driver (MongoDB) stores it: no `format`, plain values, every
 * field under its own name, dates as ISO strings in files and dates in MongoDB. Read the way the
 * original read them: fields as they are, `created` and `updated` as dates.
 */
export const ORIGINAL_FORMAT = 0;

/** Stored fields that are bookkeeping of a store, not the record's. */
const BOOKKEEPING = new Set(['_id', 'format', 'revision']);

type Fields = Record<string, unknown>;

/**
 * Whether a document without `format` is the original's: it has a top-level field that format 1
 * cannot hold (format 1 stores every field outside the documented ones as `~name`).
 */
export function hasOriginalFields(document: Fields, documented: ReadonlySet<string>): boolean {
  for (const key of Object.keys(document)) {
    if (!documented.has(key) && !BOOKKEEPING.has(key) && key.charCodeAt(0) !== 0x7e) return true;
  }
  return false;
}

export function originalToProgram(document: Fields): Program {
  requireString(document, 'id');
  requireString(document, 'name');
  requireString(document, 'source');
  if (!Array.isArray(document.bytecode)) throw new CodecError('bytecode is not an array');
  for (const instruction of document.bytecode as unknown[]) {
    if (typeof instruction !== 'object' || instruction === null || typeof (instruction as Fields).op !== 'string') {
      throw new CodecError('an instruction has no op');
    }
  }
  return withDates(document) as unknown as Program;
}

export function originalToExecution(document: Fields): Execution {
  requireString(document, 'id');
  requireString(document, 'programId');
  requireString(document, 'state');
  // The original stored any state its caller gave (a spec saves 'ready'); only an empty one is not a state.
  if (document.state === '') throw new CodecError('empty state');
  if (typeof document.pc !== 'number') throw new CodecError('pc is not a number');
  if (!Array.isArray(document.stack)) throw new CodecError('stack is not an array');
  if (typeof document.variables !== 'object' || document.variables === null || Array.isArray(document.variables)) {
    throw new CodecError('variables is not an object');
  }
  return withDates(document) as unknown as Execution;
}

/** A copy of the record's fields, `created` and `updated` as dates (the original's own read). */
function withDates(document: Fields): Fields {
  const record: Fields = {};
  for (const key of Object.keys(document)) {
    if (!BOOKKEEPING.has(key)) setOwn(record, key, copyPlain(document[key]));
  }
  record.created = readDate(document.created, 'created');
  if (document.updated !== undefined && document.updated !== null) record.updated = readDate(document.updated, 'updated');
  return record;
}

/** A deep copy of a stored value, sharing nothing with the parsed document (which a cache may keep). */
function copyPlain(value: unknown): unknown {
  if (typeof value !== 'object' || value === null) return value;
  if (value instanceof Date) return new Date(value.getTime());
  const number = bsonNumber(value);
  if (number !== undefined) return number;
  if (Array.isArray(value)) return value.map(copyPlain);
  const copy: Fields = {};
  for (const key of Object.keys(value)) setOwn(copy, key, copyPlain((value as Fields)[key]));
  return copy;
}

/**
 * The number a driver's numeric wrapper holds: a MongoDB driver returns a 64-bit integer past 2^53
 * as a Long, where the original's own driver had stored a JavaScript number.
 */
function bsonNumber(value: object): number | undefined {
  const wrapper = value as { _bsontype?: unknown; toNumber?: () => number; valueOf: () => unknown };
  switch (wrapper._bsontype) {
    case 'Long':
      return typeof wrapper.toNumber === 'function' ? wrapper.toNumber() : undefined;
    case 'Int32':
    case 'Double':
      return Number(wrapper.valueOf());
    default:
      return undefined;
  }
}

function requireString(document: Fields, field: string): void {
  if (typeof document[field] !== 'string') throw new CodecError(`${field} is missing or not a string`);
}

function readDate(value: unknown, field: string): Date {
  const date = value instanceof Date ? new Date(value.getTime()) : typeof value === 'string' ? new Date(value) : null;
  if (date === null || Number.isNaN(date.getTime())) throw new CodecError(`${field} is not a date`);
  return date;
}
