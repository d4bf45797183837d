import { MetadataRepository } from '../metadata-repository';

/** Settings in a map; compareAndSet checks and sets in one synchronous step. */
export class MemoryMetadataRepository extends MetadataRepository {
  constructor(private readonly settings: Map<string, string>) {
    super();
  }

  async get(key: string): Promise<string | null> {
    return this.settings.get(key) ?? null;
  }

  async set(key: string, value: string | null): Promise<void> {
    if (value === null) this.settings.delete(key);
    else this.settings.set(key, value);
  }

  async compareAndSet(key: string, expected: string | null, next: string | null): Promise<boolean> {
    if ((this.settings.get(key) ?? null) !== expected) return false;
    await this.set(key, next);
    return true;
  }
}
