/**
 * The StorageAdapter contract suite. A backend's test file is a few lines:
 *
 *   describeStorageContract('file', {
 *     create: async () => new FileStorageAdapter(freshDir()),
 *     reopen: async () => new FileStorageAdapter(lastDir),
 *     cleanup: async () => removeDirs(),
 *   });
 */
export type { ContractHarness } from './harness';
export { describeStorageContract } from './storage-contract';
