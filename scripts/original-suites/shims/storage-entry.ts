// The specs' sibling modules (./file-adapter.js, ./storage.js, ...) are all this package.
export * from '@cvm/storage';
