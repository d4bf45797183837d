import { FileStorageAdapter } from '../../src';
import { describeStorageContract } from '../../src/testing';
import { makeTempDir, removeTempDir } from '../support/fixtures/temp-folders';

const dirs: string[] = [];

// No test of the contract is about durability (what survives a power cut): durability.test.ts and
// reliability/crash-safety.test.ts test strict mode. Relaxed skips the fsyncs the contract would
// otherwise spend most of its time waiting on.
const RELAXED = { durability: 'relaxed' } as const;

describeStorageContract('file', {
  create: async (options) => {
    dirs.push(makeTempDir('cvm-contract-'));
    return new FileStorageAdapter(dirs[dirs.length - 1], { ...RELAXED, ...options });
  },
  reopen: async (options) => new FileStorageAdapter(dirs[dirs.length - 1], { ...RELAXED, ...options }),
  cleanup: async () => {
    for (const dir of dirs.splice(0)) removeTempDir(dir);
  },
}, { describe, it, beforeEach, afterEach, expect });
