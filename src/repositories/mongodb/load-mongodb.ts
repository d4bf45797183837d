import type { MongoClient } from './driver-types';

/** The part of the `mongodb` package this library calls itself. */
export interface MongoDriverModule {
  /** `options` are the driver's MongoClientOptions, passed through as TypeORM builds them. */
  MongoClient: { connect(url: string, options?: object): Promise<MongoClient> };
}

export class MongoDriverMissingError extends Error {
  constructor(options?: { cause?: unknown }) {
    super('the optional peer dependency "mongodb" is not installed: run `npm install mongodb`', options);
    this.name = 'MongoDriverMissingError';
  }
}

/**
 * Loads the `mongodb` package on first use of the MongoDB backend, never when this library is
 * imported: it is an optional peer that users of the file backend need not install.
 */
export function loadMongoDriver(): MongoDriverModule {
  try {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    return require('mongodb') as MongoDriverModule;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'MODULE_NOT_FOUND') throw new MongoDriverMissingError({ cause: error });
    throw error;
  }
}
