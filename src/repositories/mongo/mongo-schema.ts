import type { DataSource } from 'typeorm';
import { CVM_STORAGE_ENTITIES } from '../../entities';

/** Which CVM entities an initialized DataSource lacks, as a message, or null when it has them all. */
export function missingEntities(dataSource: DataSource): string | null {
  const missing = CVM_STORAGE_ENTITIES.filter((entity) => !dataSource.hasMetadata(entity)).map((entity) => entity.name);
  if (missing.length > 0) return `the DataSource lacks the entities ${missing.join(', ')}: add CVM_STORAGE_ENTITIES to its entities`;
  return null;
}

/**
 * Creates the indexes the entities declare (unique business ids, unique `(executionId, seq)`).
 * createIndexes is a no-op for an index that already exists with the same definition, so this
 * runs on every connect, also over an app's DataSource that never synchronizes.
 */
export async function ensureIndexes(dataSource: DataSource): Promise<void> {
  await Promise.all(
    CVM_STORAGE_ENTITIES.map((entity) => {
      const indexes = dataSource.getMetadata(entity).indices.map((index) => ({
        name: index.name,
        key: index.columnNamesWithOrderingMap,
        ...(index.isUnique ? { unique: true } : {}),
      }));
      return dataSource.getMongoRepository(entity).createCollectionIndexes(indexes);
    }),
  );
}
