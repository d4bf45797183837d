import { FileStorageAdapter } from '../../src';
import { describeStorageContract } from '../../src/testing';
import { makeTempDir, removeTempDir } from '../support/fixtures/temp-folders';

const dirs: string[] = [];

describeStorageContract('file', {
  create: async (options) => {
    dirs.push(makeTempDir('cvm-contract-'));
    return new FileStorageAdapter(dirs[dirs.length - 1], options);
  },
  reopen: async (options) => new FileStorageAdapter(dirs[dirs.length - 1], options),
  cleanup: async () => {
    for (const dir of dirs.splice(0)) removeTempDir(dir);
  },
}, { describe, it, beforeEach, afterEach, expect });
