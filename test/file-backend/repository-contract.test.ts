import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { FileStorageAdapter } from '../../src';
import { describeRepositoryContract, type OpenedRepositories } from '../../src/testing';

async function openAt(dataDir: string): Promise<OpenedRepositories> {
  const adapter = new FileStorageAdapter(dataDir);
  await adapter.connect();
  return { repositories: adapter.repositories, close: () => adapter.disconnect() };
}

let dataDir = '';

describeRepositoryContract(
  'file',
  {
    open: () => openAt((dataDir = mkdtempSync(path.join(os.tmpdir(), 'cvm-repositories-')))),
    openSameStore: () => openAt(dataDir),
    cleanup: async () => rmSync(dataDir, { recursive: true, force: true }),
  },
  { describe, it },
);
