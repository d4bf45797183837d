import { CvmStorage } from '../adapters/storage-adapter';
import { ValidationError } from '../errors';

/** String token of the adapter (CvmStorage), for apps that inject by name: `@Inject(CVM_STORAGE_ADAPTER)`. */
export const CVM_STORAGE_ADAPTER = 'CVM_STORAGE_ADAPTER';

/** The options the module was configured with (after forRootAsync's factory ran). */
export const CVM_STORAGE_MODULE_OPTIONS = Symbol('CVM_STORAGE_MODULE_OPTIONS');

/**
 * The adapter together with its repositories. Every public provider derives from this one, so
 * overriding it (as `@cvm/storage/testing/nest` does) replaces all of them consistently.
 */
export const CVM_STORAGE = Symbol('CVM_STORAGE');

/** The module's internal tokens for a store: the unnamed store's, or those of the store called `name`. */
export function internalTokensOf(name: string | undefined): { storage: string | symbol; options: string | symbol; lifecycle: string | symbol } {
  if (name === undefined) return { storage: CVM_STORAGE, options: CVM_STORAGE_MODULE_OPTIONS, lifecycle: 'CVM_STORAGE_LIFECYCLE' };
  return { storage: `CVM_STORAGE:${name}`, options: `CVM_STORAGE_MODULE_OPTIONS:${name}`, lifecycle: `CVM_STORAGE_LIFECYCLE:${name}` };
}

/**
 * The injection token of a store: CvmStorage for the unnamed one, `CvmStorage:<name>` for a store
 * configured with `name` (`@Inject(getCvmStorageToken('archive'))`, or `@InjectCvmStorage('archive')`).
 */
export function getCvmStorageToken(name?: string): typeof CvmStorage | string {
  return name === undefined ? CvmStorage : `CvmStorage:${checkStoreName(name)}`;
}

/** A store name: a non-empty string (checked at run time, since options may come from configuration). */
export function checkStoreName(name: unknown): string {
  if (typeof name === 'string' && name.trim() !== '') return name;
  throw new ValidationError('CvmStorageModuleOptions', [{ path: 'name', constraints: { isNotEmpty: 'name must be a non-empty string' } }]);
}
