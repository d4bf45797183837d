import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { MongoDBStorageAdapter } from '../../adapters/mongodb-storage-adapter';
import type { StorageAdapter } from '../../adapters/storage-adapter';
import { FORMAT_VERSION } from '../../codec/format-version';
import { Execution as ExecutionEntity, Program as ProgramEntity } from '../../entities';
import { fileNameOf } from '../../repositories/file/file-names';
import type { StoreTarget } from '../store-target';

export type RecordKind = 'programs' | 'executions';

/**
 * The ids of `ids` whose stored document is of an earlier format than FORMAT_VERSION (the
 * original's format 0, or format 1). On MongoDB one query per kind; on files each record file's
 * `format` is read, and a file that cannot be found under its id's file name counts as stale,
 * so that it is rewritten rather than left behind (a rewrite of a current record is harmless).
 */
export async function staleRecordIds(adapter: StorageAdapter, store: StoreTarget, kind: RecordKind, ids: readonly string[]): Promise<string[]> {
  if (adapter instanceof MongoDBStorageAdapter) {
    const entity = kind === 'programs' ? ProgramEntity : ExecutionEntity;
    const connection = adapter.connection;
    const documents = await connection.track(() =>
      connection.io(`collection ${kind}`, 'read', () =>
        connection.repository(entity).createCursor({ format: { $ne: FORMAT_VERSION } }).project({ _id: 0, id: 1 }).toArray(),
      ),
    );
    const stale = new Set(documents.map((document) => (document as { id?: unknown }).id));
    return ids.filter((id) => stale.has(id));
  }
  if (store.kind !== 'file') return [...ids];
  const stale: string[] = [];
  for (const id of ids) {
    const text = await readFile(path.join(store.dataDir, kind, `${fileNameOf(id)}.json`), 'utf8').catch(() => null);
    if (text === null || storedFormat(text) !== FORMAT_VERSION) stale.push(id);
  }
  return stale;
}

function storedFormat(text: string): unknown {
  try {
    return (JSON.parse(text) as { format?: unknown } | null)?.format;
  } catch {
    return undefined;
  }
}
