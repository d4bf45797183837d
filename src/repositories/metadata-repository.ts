/** Small named settings of the store, such as which execution is current. */
export abstract class MetadataRepository {
  /** The value stored under `key`, or null when none is. */
  abstract get(key: string): Promise<string | null>;
  abstract set(key: string, value: string | null): Promise<void>;
  /** Sets `key` to `next` only if it holds `expected` now; tells whether it did. */
  abstract compareAndSet(key: string, expected: string | null, next: string | null): Promise<boolean>;
}
