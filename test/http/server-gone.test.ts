import type { INestApplication } from '@nestjs/common';
import { Test } from '@nestjs/testing';
import request from 'supertest';
import { MongoDBStorageAdapter } from '../../src/adapters/mongodb-storage-adapter';
import { RETRY_AFTER_SECONDS } from '../../src/http';
import { createApp } from '../../examples/express/app';
import { AppModule } from '../../examples/nest/app.module';
import { overrideCvmStorage } from '../../src/testing/nest';
import { startMongoStandIn, type MongoStandIn } from '../support/mongo-standin';
import { startStallingProxy, type StallingProxy } from '../support/stalling-proxy';
import { uniqueDatabaseUrl } from '../support/fixtures/mongo-target';
import { makeProgram } from '../support/fixtures/records';

describe('the example apps while their MongoDB server is gone', () => {
  let standIn: MongoStandIn;
  let proxy: StallingProxy;
  let adapter: MongoDBStorageAdapter;
  let nest: INestApplication | undefined;

  beforeEach(async () => {
    standIn = await startMongoStandIn();
    proxy = await startStallingProxy(standIn.port);
    adapter = new MongoDBStorageAdapter(uniqueDatabaseUrl(`mongodb://127.0.0.1:${proxy.port}/`, 'server_gone'), { serverSelectionTimeoutMS: 500 });
  });

  afterEach(async () => {
    proxy.comeBack();
    await nest?.close();
    nest = undefined;
    if (adapter.isConnected()) await adapter.disconnect();
    proxy.goAway();
    await proxy.close();
    await standIn.close();
    jest.restoreAllMocks();
  });

  async function expressApp() {
    await adapter.connect();
    return createApp(adapter);
  }

  async function nestApp() {
    const moduleRef = await overrideCvmStorage(Test.createTestingModule({ imports: [AppModule] }), adapter).compile();
    nest = moduleRef.createNestApplication({ logger: false, bodyParser: false });
    await nest.init();
    return nest.getHttpServer();
  }

  it.each([
    ['Express', expressApp],
    ['Nest', nestApp],
  ])('%s: answers 503 CONNECTION_FAILED with Retry-After while the server cannot be reached, and serves again once it is back, with no restart', async (_name, start) => {
    jest.spyOn(console, 'error').mockImplementation(() => undefined);
    const app = await start();
    await adapter.saveProgram(makeProgram({ id: 'kept' }));
    expect((await request(app).get('/programs/kept')).status).toBe(200);

    proxy.goAway();
    for (let attempt = 0; attempt < 3; attempt++) {
      const response = await request(app).get('/programs/kept');
      expect({ status: response.status, retryAfter: response.headers['retry-after'], code: response.body.code }).toEqual({
        status: 503,
        retryAfter: String(RETRY_AFTER_SECONDS),
        code: 'CONNECTION_FAILED',
      });
    }

    proxy.comeBack();
    const deadline = Date.now() + 10_000;
    let status = 0;
    while (Date.now() < deadline && status !== 200) {
      status = (await request(app).get('/programs/kept')).status;
      if (status !== 200) await new Promise((resolve) => setTimeout(resolve, 200));
    }
    expect(status).toBe(200);
    expect((await request(app).get('/programs/kept')).body.id).toBe('kept');
  });
});
