import { Test, type TestingModule } from '@nestjs/testing';
import { TypeOrmModule } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { MongoDBStorageAdapter, NotConnectedError, CvmStorage } from '../../src';
import { ProgramRepository } from '../../src/backend';
import { CVM_STORAGE_ENTITIES, ProgramEntity, mongoDataSourceOptions } from '../../src/repositories/mongodb';
import { CvmStorageModule } from '../../src/nest';
import { makeProgram } from '../support/fixtures/records';
import { mongoTargets, uniqueDatabaseUrl, type MongoTargetHandle } from '../support/fixtures/mongo-target';

describe.each(mongoTargets().map((target) => [target.name, target] as const))('CvmStorageModule on MongoDB (%s)', (_name, target) => {
  let server: MongoTargetHandle;
  const opened: (TestingModule | DataSource)[] = [];

  beforeAll(async () => {
    server = await target.start();
  });

  afterEach(async () => {
    for (const resource of opened.splice(0).reverse()) {
      if (resource instanceof DataSource) {
        if (resource.isInitialized) await resource.dropDatabase().then(() => resource.destroy());
      } else {
        await resource.close();
      }
    }
  });

  afterAll(async () => {
    await server.stop();
  });

  const databaseUrl = () => uniqueDatabaseUrl(server.url, 'cvm_nest');

  async function start(imports: Parameters<typeof Test.createTestingModule>[0]['imports']): Promise<TestingModule> {
    const moduleRef = await Test.createTestingModule({ imports }).compile();
    opened.push(moduleRef);
    await moduleRef.init();
    return moduleRef;
  }

  it('forRoot({ mongoUrl }) connects on init and disconnects on shutdown', async () => {
    const url = databaseUrl();
    const inspector = new DataSource(mongoDataSourceOptions({ url }));
    opened.push(inspector);
    const moduleRef = await start([CvmStorageModule.forRoot({ mongoUrl: url })]);
    const adapter = moduleRef.get(CvmStorage);

    await moduleRef.get(ProgramRepository).save(makeProgram({ id: 'in-mongo' }));
    expect(adapter).toBeInstanceOf(MongoDBStorageAdapter);
    expect((await adapter.getProgram('in-mongo'))?.id).toBe('in-mongo');

    await moduleRef.close();
    expect(adapter.isConnected()).toBe(false);
    await expect(adapter.listPrograms()).rejects.toBeInstanceOf(NotConnectedError);
    await inspector.initialize();
    expect(await inspector.mongoManager.count(ProgramEntity, { id: 'in-mongo' })).toBe(1);
  });

  it("shares @nestjs/typeorm's DataSource through forRootAsync, and TypeORM still owns it", async () => {
    const moduleRef = await start([
      TypeOrmModule.forRoot({ ...mongoDataSourceOptions({ url: databaseUrl() }), entities: [...CVM_STORAGE_ENTITIES] }),
      CvmStorageModule.forRootAsync({ inject: [DataSource], useFactory: (dataSource: DataSource) => ({ dataSource }) }),
    ]);
    const dataSource = moduleRef.get(DataSource);
    const adapter = moduleRef.get(CvmStorage);

    await adapter.saveProgram(makeProgram({ id: 'shared' }));

    const seenByTypeOrm = await dataSource.mongoManager.findOneBy(ProgramEntity, { id: 'shared' });
    expect(seenByTypeOrm?.name).toBe(makeProgram().name);
    await dataSource.dropDatabase();
    await moduleRef.close();
    expect(adapter.isConnected()).toBe(false);
    expect(dataSource.isInitialized).toBe(false);
  });

  it("leaves an app's own DataSource open on shutdown", async () => {
    const dataSource = new DataSource(mongoDataSourceOptions({ url: databaseUrl() }));
    opened.push(dataSource);
    await dataSource.initialize();
    const moduleRef = await start([CvmStorageModule.forRoot({ dataSource })]);
    const adapter = moduleRef.get(CvmStorage);
    await adapter.saveProgram(makeProgram({ id: 'kept-open' }));

    await moduleRef.close();

    expect(adapter.isConnected()).toBe(false);
    expect(dataSource.isInitialized).toBe(true);
    expect(await dataSource.mongoManager.count(ProgramEntity, { id: 'kept-open' })).toBe(1);
  });
});
