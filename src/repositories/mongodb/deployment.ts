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
