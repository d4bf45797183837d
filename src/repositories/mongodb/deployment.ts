import type { MongoClient } from './driver-types';

/**
 * Whether the server takes multi-document transactions: a replica set member (`setName`) or a
 * mongos (`msg: 'isdbgrid'`), with sessions. A standalone server refuses them.
 */
export async function supportsTransactions(client: MongoClient): Promise<boolean> {
  const hello = await client.db('admin').command({ hello: 1 });
  const clustered = typeof hello.setName === 'string' || hello.msg === 'isdbgrid';
  return clustered && hello.logicalSessionTimeoutMinutes != null;
}

/**
 * Whether the server applies a filtered single-document update atomically, as MongoDB does.
 * FerretDB 1.x (which names itself in `buildInfo`) reads, then writes, so two updates filtered on
 * the same state can both apply (docs/mongodb-compatibility.md#ferretdb-conditional-writes-race).
 * A server that does not answer `buildInfo` is taken at its word as a MongoDB.
 */
export async function appliesUpdatesAtomically(client: MongoClient): Promise<boolean> {
  try {
    const buildInfo = await client.db('admin').command({ buildInfo: 1 });
    return !('ferretdbVersion' in buildInfo);
  } catch {
    return true;
  }
}
