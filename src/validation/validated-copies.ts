/**
 * Copies that validation made inside this library and handed straight to a repository, so the
 * repository does not check them a second time. Only a copy nobody else holds may be marked: a
 * record a caller could still change must always be validated where it is stored.
 */
const validatedCopies = new WeakSet<object>();

export function markValidated<T extends object>(copy: T): T {
  validatedCopies.add(copy);
  return copy;
}

/** True once for a marked copy (the mark is used up), false for anything else. */
export function takeValidated(value: unknown): boolean {
  return typeof value === 'object' && value !== null && validatedCopies.delete(value);
}
