/**
 * The StorageAdapter contract suite. A backend's test file is a few lines:
 *
 *   describeStorageContract('file', {
 *     create: async (options) => new FileStorageAdapter(freshDir(), options),
 *     reopen: async (options) => new FileStorageAdapter(lastDir, options),
 *     cleanup: async () => removeDirs(),
 *   }, { describe, it, beforeEach, afterEach, expect });
 */
export type { AdapterOptions, ContractHarness } from './harness';
export type { Assertion, Expect, JestLikeRunner, Matchers } from './runner';
export { describeStorageContract } from './storage-contract';
