import 'reflect-metadata';

export { TestStorage, createTestStorage, type StorageRepositories } from './test-storage';
