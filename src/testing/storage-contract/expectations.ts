import { InvalidIdError, NotConnectedError, ValidationError } from '../../errors';
import { expect } from './runner';

/** Calls `thunk`; a synchronous throw is reported as such, since every adapter method must return a promise. */
export function call<T>(thunk: () => Promise<T>): Promise<T> {
  let result: Promise<T>;
  try {
    result = thunk();
  } catch (error) {
    throw new Error(`threw synchronously instead of returning a rejected promise: ${String(error)}`, { cause: error });
  }
  if (!(result instanceof Promise)) throw new Error(`returned ${typeof result} instead of a promise`);
  return result;
}

/** The reason `promise` rejected with; fails when it fulfils. */
export async function rejectionOf(promise: Promise<unknown>): Promise<unknown> {
  let value: unknown;
  try {
    value = await promise;
  } catch (error) {
    return error;
  }
  throw new Error(`expected a rejection, but the promise fulfilled with ${describe(value)}`);
}

function describe(value: unknown): string {
  if (value === undefined) return 'undefined';
  try {
    return JSON.stringify(value).slice(0, 200);
  } catch {
    return typeof value;
  }
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/**
 * Expects a ValidationError (code VALIDATION_FAILED) with an issue at `path` or below it
 * (`variables` matches `variables` and `variables.x`; `''` matches only the root).
 */
export async function expectValidationError(thunk: () => Promise<unknown>, path: string): Promise<ValidationError> {
  const error = await rejectionOf(call(thunk));
  expect(error).toBeInstanceOf(ValidationError);
  expect(error).toMatchObject({ code: 'VALIDATION_FAILED' });
  const issues = (error as ValidationError).issues;
  expect(Array.isArray(issues)).toBe(true);
  for (const issue of issues) {
    expect(typeof issue.path).toBe('string');
    expect(Object.keys(issue.constraints).length).toBeGreaterThan(0);
  }
  const pattern = path === '' ? /^$/ : new RegExp(`^${escapeRegExp(path)}(\\.|$)`);
  expect(issues.map((issue) => issue.path)).toContainEqual(expect.stringMatching(pattern));
  return error as ValidationError;
}

/** Expects InvalidIdError (code INVALID_ID); `thunk` is called twice, once per assertion. */
export async function expectInvalidId(thunk: () => Promise<unknown>): Promise<void> {
  await expect(call(thunk)).rejects.toBeInstanceOf(InvalidIdError);
  await expect(call(thunk)).rejects.toMatchObject({ code: 'INVALID_ID', field: expect.any(String) });
}

/**
 * Expects NotConnectedError (code NOT_CONNECTED) whose message starts with `Not connected`, the
 * words the original CVM's specs match; `thunk` is called once per assertion.
 */
export async function expectNotConnected(thunk: () => Promise<unknown>): Promise<void> {
  await expect(call(thunk)).rejects.toBeInstanceOf(NotConnectedError);
  await expect(call(thunk)).rejects.toMatchObject({ code: 'NOT_CONNECTED', message: expect.stringMatching(/^Not connected/) });
}
