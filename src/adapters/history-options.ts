import { ValidationError } from '../errors';
import type { ForkExecutionOptions, HistoryOptions, ReadExecutionOptions, RevisionListOptions } from '../types';
import { isPlainObject } from '../validation/cvm-value-check';
import { assertKnownOptionKeys } from '../validation/option-keys';
import { assertValidId } from '../validation/ids';

export const DEFAULT_REVISION_PAGE = 100;
export const MAX_REVISION_PAGE = 1000;

/** The `history` option, checked and copied; undefined when absent (history off). */
export function historyOptionsOf(value: unknown, entity: string): HistoryOptions | undefined {
  if (value === undefined) return undefined;
  if (!isPlainObject(value)) throw invalid(entity, 'history', "history must be an object like { keep: 10 } or { keep: 'all' }");
  const unknown = Object.keys(value).find((key) => key !== 'keep');
  if (unknown !== undefined) throw invalid(entity, `history.${unknown}`, `${unknown} is not an option of history (known: keep)`);
  return { keep: keepOf(value.keep, entity, 'history.keep') };
}

/** `CVM_HISTORY_KEEP`: a whole number from 1, or `all`; unset or empty is off. */
export function historyOptionsOfEnv(env: NodeJS.ProcessEnv, entity: string): HistoryOptions | undefined {
  const text = env.CVM_HISTORY_KEEP;
  if (text === undefined || text === '') return undefined;
  if (text === 'all') return { keep: 'all' };
  return { keep: keepOf(/^[0-9]+$/.test(text) ? Number(text) : text, entity, 'CVM_HISTORY_KEEP') };
}

function keepOf(keep: unknown, entity: string, path: string): number | 'all' {
  if (keep === 'all' || (typeof keep === 'number' && Number.isSafeInteger(keep) && keep >= 1)) return keep;
  throw invalid(entity, path, `${path} must be a whole number from 1, or 'all'`);
}

/** A revision argument: a whole number from 1. */
export function revisionOf(value: unknown, entity: string, path: string): number {
  if (typeof value === 'number' && Number.isSafeInteger(value) && value >= 1) return value;
  throw invalid(entity, path, `${path} must be a whole number from 1`);
}

export function revisionListOptionsOf(options: unknown): { before: number | null; limit: number } {
  const entity = 'RevisionListOptions';
  if (options === undefined) return { before: null, limit: DEFAULT_REVISION_PAGE };
  if (!isPlainObject(options)) throw invalid(entity, '', `${entity} must be a plain object`);
  assertKnownOptionKeys(options, ['before', 'limit'], entity);
  const { before, limit } = options as RevisionListOptions;
  const checkedLimit = limit === undefined ? DEFAULT_REVISION_PAGE : revisionOf(limit, entity, 'limit');
  if (checkedLimit > MAX_REVISION_PAGE) throw invalid(entity, 'limit', `limit must be at most ${MAX_REVISION_PAGE}`);
  return { before: before === undefined || before === null ? null : revisionOf(before, entity, 'before'), limit: checkedLimit };
}

export function readExecutionOptionsOf(options: unknown): number | undefined {
  const entity = 'ReadExecutionOptions';
  if (options === undefined) return undefined;
  if (!isPlainObject(options)) throw invalid(entity, '', `${entity} must be a plain object`);
  assertKnownOptionKeys(options, ['revision'], entity);
  const { revision } = options as ReadExecutionOptions;
  return revision === undefined ? undefined : revisionOf(revision, entity, 'revision');
}

export function forkOptionsOf(options: unknown, sourceId: string): ForkExecutionOptions {
  const entity = 'ForkExecutionOptions';
  if (!isPlainObject(options)) throw invalid(entity, '', `${entity} must be a plain object with revision and newId`);
  assertKnownOptionKeys(options, ['revision', 'newId'], entity);
  const revision = revisionOf(options.revision, entity, 'revision');
  assertValidId(options.newId, 'newId');
  if (options.newId === sourceId) throw invalid(entity, 'newId', 'newId must differ from the execution forked');
  return { revision, newId: options.newId };
}

function invalid(entity: string, path: string, message: string): ValidationError {
  return new ValidationError(entity, [{ path, constraints: { isHistoryOption: message } }]);
}
