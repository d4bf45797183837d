import { STORAGE_OPTION_KEYS, type StorageOptions } from '../adapters/create-storage-adapter';
import { adapterFor, PACKAGE_DEFAULTS, resolveGivenStorageOptions } from '../adapters/resolve-storage-options';
import type { RepositoryStorageAdapter } from '../adapters/repository-storage-adapter';
import { ValidationError } from '../errors';
import { assertKnownOptionKeys } from '../validation/option-keys';
import type { CvmStorageOptions } from './options';

/**
 * The adapter (not yet connected) for the backend the options select: exactly one of them, no
 * environment fallback. Checked here because forRootAsync's factory can return anything at run time.
 */
export function openStorage(options: CvmStorageOptions): RepositoryStorageAdapter {
  const given: StorageOptions = typeof options === 'object' && options !== null ? options : {};
  const entity = 'CvmStorageModuleOptions';
  assertKnownOptionKeys(given, STORAGE_OPTION_KEYS, entity);
  const resolved = resolveGivenStorageOptions(given, { ...PACKAGE_DEFAULTS, entity });
  if (resolved === null) {
    throw new ValidationError(entity, [
      { path: '', constraints: { exactlyOneBackend: 'give exactly one of dataDir, mongoUrl, dataSource and memory: true; none was given' } },
    ]);
  }
  return adapterFor(resolved);
}
