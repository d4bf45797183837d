import type { DataSourceOptions, MongoEntityManager } from 'typeorm';

// TypeORM's MongoDB typings, reached through its root export only. A deep import such as
// 'typeorm/driver/mongodb/typings' has no entry in typeorm's `exports` map for every resolution
// mode (it fails under `moduleResolution: bundler`), and these names end up in our shipped .d.ts.

/** The options of a TypeORM DataSource of type `mongodb`. */
export type MongoDataSourceOptions = Extract<DataSourceOptions, { type: 'mongodb' }>;

/** The `mongodb` driver's client, as TypeORM types it. */
export type MongoClient = MongoEntityManager['mongoQueryRunner']['databaseConnection'];

/** A client session, for transactions. */
export type ClientSession = ReturnType<MongoClient['startSession']>;


/** A query filter on a collection no entity names, as the query runner takes it. */
export type RawFilter = Parameters<MongoEntityManager['mongoQueryRunner']['cursor']>[1];
