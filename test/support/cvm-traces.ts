export * from '../../src/testing/storage-contract/trace-files';
