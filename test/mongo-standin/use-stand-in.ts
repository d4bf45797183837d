import { MongoClient } from 'mongodb';
import { startMongoStandIn, type MongoStandIn, type StandInMode } from '../support/mongo-standin';

export interface StandInKit {
  readonly standIn: MongoStandIn;
  readonly client: MongoClient;
}

/** A stand-in and a driver client connected to it, started before the describe's tests and closed after them. */
export function useStandIn(mode: StandInMode = 'standalone'): StandInKit {
  const kit = {} as { standIn: MongoStandIn; client: MongoClient };
  beforeAll(async () => {
    kit.standIn = await startMongoStandIn({ mode });
    kit.client = await MongoClient.connect(kit.standIn.url, { serverSelectionTimeoutMS: 2000 });
  });
  afterAll(async () => {
    await kit.client?.close();
    await kit.standIn?.close();
  });
  return kit;
}
