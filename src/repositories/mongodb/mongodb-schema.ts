import type { DataSource, EntityTarget, ObjectLiteral } from 'typeorm';
import { CVM_STORAGE_ENTITIES } from '../../entities';

/** Which CVM entities an initialized DataSource lacks, as a message, or null when it has them all. */
export function missingEntities(dataSource: DataSource): string | null {
  const missing = CVM_STORAGE_ENTITIES.filter((entity) => !dataSource.hasMetadata(entity)).map((entity) => entity.name);
  if (missing.length > 0) return `the DataSource lacks the entities ${missing.join(', ')}: add CVM_STORAGE_ENTITIES to its entities`;
  return null;
}

interface IndexSpec {
  name: string;
  key: Record<string, 1 | -1>;
  unique?: true;
}

const NAMESPACE_NOT_FOUND = 26;

/**
 * Creates the indexes the entities declare (unique business ids, unique `(executionId, seq)`) that
 * the collection lacks; runs on every connect but a read-only one, also over an app's DataSource
 * that never synchronizes, and again when a call finds an index gone (docs/mongodb.md). An index
 * already there with the same name, key and uniqueness is left alone whatever its other options: TypeORM's synchronize adds `background: false`, an option MongoDB
 * ignores but some servers compare (SecantusDB 0.7 then refuses the request). Missing indexes
 * are created one per command: FerretDB 1.24 crashes the connection when one createIndexes lists
 * two indexes that already exist (docs/mongodb-compatibility.md).
 */
export async function ensureIndexes(dataSource: DataSource): Promise<void> {
  await Promise.all(
    CVM_STORAGE_ENTITIES.map(async (entity) => {
      const repository = dataSource.getMongoRepository(entity);
      const existing = await existingIndexes(() => repository.listCollectionIndexes().toArray());
      for (const index of wantedIndexes(dataSource, entity).filter((spec) => !existing.some((found) => sameIndex(found, spec)))) {
        await repository.createCollectionIndexes([index]);
      }
    }),
  );
}

/** Whether the entity's collection has every unique index it declares (one listIndexes). */
export async function hasUniqueIndexes(dataSource: DataSource, entity: EntityTarget<ObjectLiteral>): Promise<boolean> {
  const existing = await existingIndexes(() => dataSource.getMongoRepository(entity).listCollectionIndexes().toArray());
  return wantedIndexes(dataSource, entity)
    .filter((spec) => spec.unique === true)
    .every((spec) => existing.some((found) => sameIndex(found, spec)));
}

function wantedIndexes(dataSource: DataSource, entity: EntityTarget<ObjectLiteral>): IndexSpec[] {
  return dataSource.getMetadata(entity).indices.map((index) => ({
    name: index.name,
    key: index.columnNamesWithOrderingMap as Record<string, 1 | -1>,
    ...(index.isUnique ? { unique: true as const } : {}),
  }));
}

async function existingIndexes(list: () => Promise<Record<string, unknown>[]>): Promise<Record<string, unknown>[]> {
  try {
    return await list();
  } catch (error) {
    if ((error as { code?: unknown }).code === NAMESPACE_NOT_FOUND) return [];
    throw error;
  }
}

function sameIndex(found: Record<string, unknown>, spec: IndexSpec): boolean {
  return (
    found.name === spec.name &&
    JSON.stringify(Object.entries(found.key as object)) === JSON.stringify(Object.entries(spec.key)) &&
    (found.unique === true) === (spec.unique === true)
  );
}
