import { adapterForOptions, type StorageOptions } from '../adapters/create-storage-adapter';
import type { RepositoryStorageAdapter } from '../adapters/repository-storage-adapter';
import { ValidationError } from '../errors';
import type { CvmStorageOptions } from './options';

/**
 * The adapter (not yet connected) for the backend the options select: exactly one of them, no
 * environment fallback. Checked here because forRootAsync's factory can return anything at run time.
 */
export function openStorage(options: CvmStorageOptions): RepositoryStorageAdapter {
  const given: StorageOptions = typeof options === 'object' && options !== null ? options : {};
  const adapter = adapterForOptions(given, 'CvmStorageModuleOptions');
  if (adapter === null) {
    throw new ValidationError('CvmStorageModuleOptions', [
      { path: '', constraints: { exactlyOneBackend: 'give exactly one of dataDir, mongoUrl and dataSource; none was given' } },
    ]);
  }
  return adapter;
}
