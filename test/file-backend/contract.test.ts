import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { FileStorageAdapter } from '../../src';
import { describeStorageContract } from '../contract';

const dirs: string[] = [];

describeStorageContract('file', {
  create: async (options) => {
    dirs.push(mkdtempSync(path.join(os.tmpdir(), 'cvm-contract-')));
    return new FileStorageAdapter(dirs[dirs.length - 1], options);
  },
  reopen: async (options) => new FileStorageAdapter(dirs[dirs.length - 1], options),
  cleanup: async () => {
    for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
  },
});
