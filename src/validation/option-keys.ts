import type * as Levenshtein from 'fastest-levenshtein';
import { ValidationError } from '../errors';

/** The nearest of `known` to `key`; the distance table loads with the first unknown key, not at import. */
function closest(key: string, known: string[]): string {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  return (require('fastest-levenshtein') as typeof Levenshtein).closest(key, known);
}

/**
 * Refuses option keys that are not in `known`, naming each and the nearest known key: a typo such
 * as `datadir` would otherwise be ignored silently and the default used instead.
 */
export function assertKnownOptionKeys(options: object, known: readonly string[], entity: string): void {
  const unknown = Object.keys(options).filter((key) => !known.includes(key));
  if (unknown.length === 0) return;
  throw new ValidationError(
    entity,
    unknown.map((key) => ({
      path: key,
      constraints: { isKnownOption: `${key} is not an option of ${entity}; the nearest is ${closest(key, [...known])} (known: ${known.join(', ')})` },
    })),
  );
}

/** The keys of an options type, each listed once: the compiler refuses a list that misses one. */
export function optionKeys<T>(all: Record<keyof T, true>): readonly string[] {
  return Object.keys(all);
}
