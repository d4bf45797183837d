/** String token of the adapter (CvmStorage), for apps that inject by name: `@Inject(CVM_STORAGE_ADAPTER)`. */
export const CVM_STORAGE_ADAPTER = 'CVM_STORAGE_ADAPTER';

/** The options the module was configured with (after forRootAsync's factory ran). */
export const CVM_STORAGE_MODULE_OPTIONS = Symbol('CVM_STORAGE_MODULE_OPTIONS');

/**
 * The adapter together with its repositories. Every public provider derives from this one, so
 * overriding it (as `@cvm/storage/testing/nest` does) replaces all of them consistently.
 */
export const CVM_STORAGE = Symbol('CVM_STORAGE');
