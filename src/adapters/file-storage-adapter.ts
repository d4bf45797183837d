import path from 'node:path';
import { createFileBackend } from '../repositories/file';
import { RepositoryStorageAdapter } from './repository-storage-adapter';

/** JSON files under `dataDir`: the zero-setup backend. */
export class FileStorageAdapter extends RepositoryStorageAdapter {
  readonly dataDir: string;

  constructor(dataDir: string) {
    const resolved = path.resolve(dataDir);
    super(createFileBackend(resolved));
    this.dataDir = resolved;
  }
}
