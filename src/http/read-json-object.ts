import { ValidationError, type ValidationIssue } from '../errors';
import { isPlainObject } from '../validation/cvm-value-check';

/**
 * A request body as an object holding only `allowed` keys. Throws a ValidationError naming
 * `entity` when the body is not a plain object or has any other key.
 */
export function readJsonObject(body: unknown, allowed: readonly string[], entity: string): Record<string, unknown> {
  if (!isPlainObject(body)) {
    throw new ValidationError(entity, [{ path: '', constraints: { isObject: 'the body must be a JSON object' } }]);
  }
  const issues: ValidationIssue[] = Object.keys(body)
    .filter((key) => !allowed.includes(key))
    .map((key) => ({ path: key, constraints: { whitelistValidation: `property ${key} should not exist` } }));
  if (issues.length > 0) throw new ValidationError(entity, issues);
  return body;
}
