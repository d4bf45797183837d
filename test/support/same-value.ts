export * from '../../src/testing/storage-contract/same-value';
