import 'reflect-metadata';

export { TestStorage, createTestStorage } from './test-storage';
export type { StorageRepositories } from '../repositories/storage-connection';
