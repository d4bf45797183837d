import type { INestApplication } from '@nestjs/common';
import { Test } from '@nestjs/testing';
import type { TestStorage } from '../../src/testing';
import { overrideCvmStorage } from '../../src/testing/nest';
import { AppModule } from './app.module';

export interface RunningApp {
  app: INestApplication;
  url: string;
}

/** AppModule with `storage` in place of its configured one, listening on 127.0.0.1 at a free port. */
export async function startTestApp(storage: TestStorage): Promise<RunningApp> {
  const moduleRef = await overrideCvmStorage(Test.createTestingModule({ imports: [AppModule] }), storage).compile();
  const app = moduleRef.createNestApplication({ logger: false, bodyParser: false });
  await app.listen(0, '127.0.0.1');
  return { app, url: await app.getUrl() };
}
