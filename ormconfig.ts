import 'reflect-metadata';
import { DataSource } from 'typeorm';
import { mongoDataSourceOptionsFromEnv } from './src/repositories/mongodb/data-source-options';

/**
 * TypeORM options for the CVM entities on MongoDB, from `MONGODB_URL` (or `MONGODB_URI`), else
 * `mongodb://127.0.0.1:27017/cvm`. For the TypeORM CLI, e.g.
 * `npx typeorm-ts-node-commonjs schema:sync -d ormconfig.ts`, and for an app's own setup:
 * `new DataSource({ ...mongoDataSourceOptions({ url }), logging: true })`.
 */
export {
  mongoDataSourceOptions,
  mongoDataSourceOptionsFromEnv,
  mongoUrlFromEnv,
  type MongoUrlOptions,
} from './src/repositories/mongodb/data-source-options';

export default new DataSource(mongoDataSourceOptionsFromEnv());
