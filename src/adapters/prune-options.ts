import { ValidationError, type ValidationIssue } from '../errors';
import { parseDate, parseLimit, parseStates, issue } from '../repositories/record-query';
import type { ExecutionState, PruneOptions } from '../types';
import { assertKnownOptionKeys } from '../validation/option-keys';

const PRUNE_KEYS = ['olderThan', 'states', 'includeCurrent', 'dryRun', 'batchSize'] as const;

export interface ParsedPrune {
  olderThan: Date;
  states: ExecutionState[] | null;
  includeCurrent: boolean;
  dryRun: boolean;
  batchSize: number;
}

/** Checks pruneExecutions' options before any I/O: a ValidationError names each bad field. */
export function parsePruneOptions(input: unknown): ParsedPrune {
  const entity = 'prune options';
  if (typeof input !== 'object' || input === null || Array.isArray(input)) throw new ValidationError(entity, [issue('', 'isObject', 'pruneExecutions needs { olderThan }')]);
  assertKnownOptionKeys(input, PRUNE_KEYS, entity);
  const options = input as Partial<PruneOptions>;
  const issues: ValidationIssue[] = [];
  const olderThan = parseDate(options.olderThan, 'olderThan', issues);
  if (options.olderThan === undefined) issues.push(issue('olderThan', 'isDefined', 'olderThan is required: a Date'));
  if (options.states !== undefined && !Array.isArray(options.states)) issues.push(issue('states', 'isArray', 'states must be a list of execution states'));
  const states = Array.isArray(options.states) ? parseStates(options.states, 'states', issues) : null;
  for (const flag of ['includeCurrent', 'dryRun'] as const) {
    if (options[flag] !== undefined && typeof options[flag] !== 'boolean') issues.push(issue(flag, 'isBoolean', `${flag} must be true or false`));
  }
  const batchSize = parseLimit(options.batchSize, 'batchSize', issues);
  if (issues.length > 0 || olderThan === null) throw new ValidationError(entity, issues);
  return {
    olderThan,
    states: states as ExecutionState[] | null,
    includeCurrent: options.includeCurrent === true,
    dryRun: options.dryRun === true,
    batchSize,
  };
}
