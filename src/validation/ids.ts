import { InvalidIdError } from '../errors';

/** Ids become file names and query values, so only this safe alphabet is accepted. */
export const ID_PATTERN = /^[A-Za-z0-9_.:-]{1,200}$/;

export function isValidId(value: unknown): value is string {
  return typeof value === 'string' && ID_PATTERN.test(value) && value !== '.' && value !== '..';
}

export function assertValidId(value: unknown, field = 'id'): asserts value is string {
  if (!isValidId(value)) throw new InvalidIdError(field, value);
}
