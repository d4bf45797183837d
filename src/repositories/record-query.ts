import { ValidationError, type ValidationIssue } from '../errors';
import { EXECUTION_STATES } from '../types/execution';
import type { ExecutionQuery } from '../types/query';
import { isValidId } from '../validation/ids';
import { compareCodePoints } from '../util/order-records';
import { assertKnownOptionKeys } from '../validation/option-keys';

/** The page size of a query that gives no `limit`, and the largest `limit` accepted. */
export const QUERY_LIMITS = { defaultLimit: 100, maxLimit: 1000 } as const;

/** What a repository's `query` takes: ExecutionQuery; a program repository refuses `state` and `programId`. */
export type RecordQuery = ExecutionQuery;

/** One page of a repository's `query`, ordered by `created`, then `id`. */
export interface RecordPage<T> {
  records: T[];
  /** The cursor of the next page, null on the last. */
  next: string | null;
}

/** Where a page starts: after the record with this (created, id). */
export interface QueryPosition {
  created: Date;
  id: string;
}

/** A query checked and put in the form the repositories run. */
export interface ParsedQuery {
  states: readonly string[] | null;
  programId: string | null;
  updatedBefore: Date | null;
  updatedAfter: Date | null;
  limit: number;
  after: QueryPosition | null;
}

export type QueryKind = 'program' | 'execution';

const PROGRAM_QUERY_KEYS = ['updatedBefore', 'updatedAfter', 'limit', 'after'] as const;
const EXECUTION_QUERY_KEYS = [...PROGRAM_QUERY_KEYS, 'state', 'programId'] as const;
const CURSOR_VERSION = 1;

/**
 * Checks a query before any I/O: every problem is a ValidationError naming the field (an unknown
 * key, with the nearest known one, too, so a typo never silently widens a query).
 */
export function parseRecordQuery(input: unknown, kind: QueryKind): ParsedQuery {
  const entity = `${kind} query`;
  const given: unknown = input ?? {};
  if (typeof given !== 'object' || given === null || Array.isArray(given)) throw new ValidationError(entity, [issue('', 'isObject', `the ${entity} must be an object`)]);
  assertKnownOptionKeys(given, kind === 'execution' ? EXECUTION_QUERY_KEYS : PROGRAM_QUERY_KEYS, entity);
  const query = given as ExecutionQuery;
  const issues: ValidationIssue[] = [];
  const parsed: ParsedQuery = {
    states: parseStates(query.state, 'state', issues),
    programId: null,
    updatedBefore: parseDate(query.updatedBefore, 'updatedBefore', issues),
    updatedAfter: parseDate(query.updatedAfter, 'updatedAfter', issues),
    limit: parseLimit(query.limit, 'limit', issues),
    after: null,
  };
  if (query.programId !== undefined) {
    if (isValidId(query.programId)) parsed.programId = query.programId;
    else issues.push(issue('programId', 'isId', 'programId must be a valid id'));
  }
  if (query.after !== undefined && query.after !== null) {
    parsed.after = decodeCursor(query.after);
    if (parsed.after === null) issues.push(issue('after', 'isCursor', 'after must be the `next` of an earlier page'));
  }
  if (issues.length > 0) throw new ValidationError(entity, issues);
  return parsed;
}

/** `state`: one state or a non-empty list of them; null when absent. */
export function parseStates(value: unknown, field: string, issues: ValidationIssue[]): readonly string[] | null {
  if (value === undefined) return null;
  const list: unknown[] = Array.isArray(value) ? value : [value];
  if (list.length === 0 || !list.every((state) => (EXECUTION_STATES as readonly unknown[]).includes(state))) {
    issues.push(issue(field, 'isState', `${field} must be ${Array.isArray(value) ? 'a non-empty list of' : 'one of'} ${EXECUTION_STATES.join(', ')}`));
    return null;
  }
  return [...new Set(list as string[])];
}

export function parseDate(value: unknown, field: string, issues: ValidationIssue[]): Date | null {
  if (value === undefined) return null;
  if (value instanceof Date && !Number.isNaN(value.getTime())) return new Date(value.getTime());
  issues.push(issue(field, 'isDate', `${field} must be a valid Date`));
  return null;
}

export function parseLimit(value: unknown, field: string, issues: ValidationIssue[]): number {
  if (value === undefined) return QUERY_LIMITS.defaultLimit;
  if (typeof value === 'number' && Number.isInteger(value) && value >= 1 && value <= QUERY_LIMITS.maxLimit) return value;
  issues.push(issue(field, 'isLimit', `${field} must be a whole number from 1 to ${QUERY_LIMITS.maxLimit}`));
  return QUERY_LIMITS.defaultLimit;
}

export function issue(path: string, name: string, message: string): ValidationIssue {
  return { path, constraints: { [name]: message } };
}

/** The opaque cursor naming a position: base64url of `{"v":1,"created":ISO,"id":...}`. */
export function encodeCursor(position: QueryPosition): string {
  return Buffer.from(JSON.stringify({ v: CURSOR_VERSION, created: position.created.toISOString(), id: position.id }), 'utf8').toString('base64url');
}

/** Room for the longest id with every byte escaped as JSON (6 bytes each), in base64url. */
const MAX_CURSOR_LENGTH = 16_384;

/** The position a cursor names, or null when it is not one this version wrote. */
export function decodeCursor(cursor: unknown): QueryPosition | null {
  if (typeof cursor !== 'string' || cursor.length === 0 || cursor.length > MAX_CURSOR_LENGTH || !/^[A-Za-z0-9_-]+$/.test(cursor)) return null;
  let decoded: unknown;
  try {
    decoded = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
  } catch {
    return null;
  }
  if (typeof decoded !== 'object' || decoded === null) return null;
  const { v, created, id } = decoded as { v?: unknown; created?: unknown; id?: unknown };
  if (v !== CURSOR_VERSION || typeof created !== 'string' || !isValidId(id)) return null;
  const date = new Date(created);
  if (Number.isNaN(date.getTime()) || date.toISOString() !== created) return null;
  return { created: date, id };
}

/** The fields a query filters and orders on. */
export interface QueryFields {
  id: string;
  created: Date;
  updated?: Date | null;
  state?: unknown;
  programId?: unknown;
}

/** Whether (created, id) of `record` comes after `position`. */
export function isAfter(record: QueryPosition, position: QueryPosition | null): boolean {
  if (position === null) return true;
  const difference = record.created.getTime() - position.created.getTime();
  return difference > 0 || (difference === 0 && compareCodePoints(record.id, position.id) > 0);
}

/** The time a record last changed: its `updated`, else its `created`. */
export function lastChanged(record: QueryFields): Date {
  return record.updated instanceof Date ? record.updated : record.created;
}

/** Whether the record passes the query's filters (not its position). */
export function matchesQuery(record: QueryFields, query: ParsedQuery): boolean {
  if (query.states !== null && !query.states.includes(record.state as string)) return false;
  if (query.programId !== null && record.programId !== query.programId) return false;
  const changed = lastChanged(record).getTime();
  if (query.updatedBefore !== null && !(changed < query.updatedBefore.getTime())) return false;
  if (query.updatedAfter !== null && !(changed > query.updatedAfter.getTime())) return false;
  return true;
}

/** Compares by created, then id (code units), as every list orders records. */
export function compareByPosition(a: QueryPosition, b: QueryPosition): number {
  const difference = a.created.getTime() - b.created.getTime();
  if (difference !== 0) return difference;
  return compareCodePoints(a.id, b.id);
}

/**
 * The `limit + 1` first items by position among those offered, kept sorted: what one page needs
 * (the extra one tells whether there is a next page), however many items are offered.
 */
export class FirstByPosition<T extends QueryPosition> {
  readonly items: T[] = [];

  constructor(private readonly keep: number) {}

  offer(item: T): void {
    const { items } = this;
    if (items.length === this.keep && compareByPosition(item, items[items.length - 1]) >= 0) return;
    let low = 0;
    let high = items.length;
    while (low < high) {
      const middle = (low + high) >>> 1;
      if (compareByPosition(items[middle], item) < 0) low = middle + 1;
      else high = middle;
    }
    items.splice(low, 0, item);
    if (items.length > this.keep) items.pop();
  }
}

/** The page of `limit` records from `limit + 1` candidates in order: `next` names the last record shown when there are more. */
export function toPage<T extends QueryPosition>(candidates: readonly T[], limit: number): RecordPage<T> {
  const records = candidates.slice(0, limit);
  const next = candidates.length > limit ? encodeCursor(records[records.length - 1]) : null;
  return { records, next };
}

/** A query answered from a whole list (sorted by created, then id): for repositories without a query of their own. */
export function queryList<T extends QueryFields>(all: readonly T[], query: ParsedQuery): RecordPage<T> {
  const candidates: T[] = [];
  for (const record of all) {
    if (!isAfter(record, query.after) || !matchesQuery(record, query)) continue;
    candidates.push(record);
    if (candidates.length > query.limit) break;
  }
  return toPage(candidates, query.limit);
}
