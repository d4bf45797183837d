import { randomBytes } from 'node:crypto';
import { MongoStandIn, startMongoStandIn } from './mongo-standin';

export interface MongoTargetHandle {
  /** Server URL; apply `uniqueDatabaseUrl` before use so suites do not share a database. */
  url: string;
  stop(): Promise<void>;
  /** Present for stand-in targets (stats, failNext, reset...). */
  standIn?: MongoStandIn;
}

export interface MongoTarget {
  name: string;
  start(): Promise<MongoTargetHandle>;
}

function standInTarget(name: string, mode: 'standalone' | 'replicaSet'): MongoTarget {
  return {
    name,
    start: async () => {
      const standIn = await startMongoStandIn({ mode });
      return { url: standIn.url, stop: () => standIn.close(), standIn };
    },
  };
}

/**
 * MongoDB servers to run suites against: the server at MONGODB_URL when set, otherwise the
 * in-process stand-in in standalone and replica-set mode.
 */
export function mongoTargets(): MongoTarget[] {
  const external = process.env.MONGODB_URL;
  if (external) {
    return [{ name: 'mongodb (MONGODB_URL)', start: async () => ({ url: external, stop: async () => {} }) }];
  }
  return [standInTarget('stand-in standalone', 'standalone'), standInTarget('stand-in replica set', 'replicaSet')];
}

/**
 * Replaces the database path segment of a MongoDB connection string with a fresh name
 * `<prefix>_<time>_<random>` (max 63 chars, characters MongoDB allows), keeping
 * credentials, hosts and the query string.
 */
export function uniqueDatabaseUrl(url: string, prefix: string): string {
  const scheme = /^mongodb(\+srv)?:\/\//.exec(url);
  if (!scheme) throw new Error(`not a MongoDB connection string: ${url}`);
  const afterScheme = url.slice(scheme[0].length);
  const queryStart = afterScheme.indexOf('?');
  const beforeQuery = queryStart < 0 ? afterScheme : afterScheme.slice(0, queryStart);
  const query = queryStart < 0 ? '' : afterScheme.slice(queryStart);
  const slash = beforeQuery.indexOf('/');
  const hosts = slash < 0 ? beforeQuery : beforeQuery.slice(0, slash);
  const safePrefix = prefix.replace(/[^A-Za-z0-9_-]/g, '_').slice(0, 40);
  const name = `${safePrefix}_${Date.now().toString(36)}_${randomBytes(4).toString('hex')}`;
  return `${scheme[0]}${hosts}/${name}${query}`;
}
