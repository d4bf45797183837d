'use strict';
// The code each consumer project runs, written as a user of the package would write it.

/**
 * A save/get round trip on the file backend, for plain JavaScript, using a name from every entry
 * point that loads without Nest: the root, /backend, /validation, /file, /mongodb (without the
 * mongodb driver in the ES module project), /memory, /http and /testing.
 */
const JS_ROUND_TRIP = `
async function main() {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'cvm-consumer-'));
  try {
    const storage = await createStorageAdapter({ dataDir });
    const program = { id: 'p', name: 'P', source: 's', bytecode: [{ op: 'HALT' }], created: new Date() };
    assert.deepEqual(validateProgram(program, 'strict'), program);
    await storage.saveProgram(program);
    assert.deepEqual(await storage.getProgram('p'), program);
    const invalid = await storage.getProgram('').catch((error) => error);
    assert.ok(invalid instanceof InvalidIdError);
    assert.equal(httpStatusFor(invalid), 400);
    await storage.disconnect();
    // The file backend's repositories, composed by hand, read what the adapter stored.
    const composed = new RepositoryStorageAdapter(createFileBackend(dataDir));
    await composed.connect();
    assert.deepEqual(await composed.getProgram('p'), program);
    await composed.disconnect();
    // The MongoDB entry point loads without connecting (and without the driver).
    assert.equal(CVM_STORAGE_ENTITIES.length, 4);
    assert.equal(mongoUrlFromEnv({ MONGODB_URI: 'mongodb://db.example/cvm' }), 'mongodb://db.example/cvm');
    const testStorage = await createTestStorage();
    await testStorage.saveProgram(program);
    assert.deepEqual(await testStorage.getProgram('p'), program);
    await testStorage.cleanup();
    const memory = new MemoryStorageAdapter();
    await memory.connect();
    await memory.saveProgram(program);
    assert.deepEqual(await memory.getProgram('p'), program);
    await memory.disconnect();
  } finally {
    fs.rmSync(dataDir, { recursive: true, force: true });
  }
  console.log('round trip: ok');
}

main().catch((error) => {
  console.error(error);
  process.exitCode = 1;
});
`;

const CJS_JS = `'use strict';
const assert = require('node:assert/strict');
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const { createStorageAdapter, InvalidIdError } = require('@cvm/storage');
const { RepositoryStorageAdapter } = require('@cvm/storage/backend');
const { validateProgram } = require('@cvm/storage/validation');
const { createFileBackend } = require('@cvm/storage/file');
const { CVM_STORAGE_ENTITIES, mongoUrlFromEnv } = require('@cvm/storage/mongodb');
const { MemoryStorageAdapter } = require('@cvm/storage/memory');
const { httpStatusFor } = require('@cvm/storage/http');
const { createTestStorage } = require('@cvm/storage/testing');

// ormconfig is exported for the TypeORM CLI; loading it builds, but does not connect, a DataSource.
const ormconfig = require('@cvm/storage/ormconfig');
assert.equal(ormconfig.default.constructor.name, 'DataSource');
assert.equal(ormconfig.default.options.type, 'mongodb');
assert.equal(ormconfig.default.isInitialized, false);
assert.equal(typeof ormconfig.mongoDataSourceOptions, 'function');
assert.equal(ormconfig.default.options.entities[0], CVM_STORAGE_ENTITIES[0]);
${JS_ROUND_TRIP}`;

const ESM_JS = `import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createStorageAdapter, InvalidIdError } from '@cvm/storage';
import { RepositoryStorageAdapter } from '@cvm/storage/backend';
import { validateProgram } from '@cvm/storage/validation';
import { createFileBackend } from '@cvm/storage/file';
import { CVM_STORAGE_ENTITIES, mongoUrlFromEnv } from '@cvm/storage/mongodb';
import { MemoryStorageAdapter } from '@cvm/storage/memory';
import { httpStatusFor } from '@cvm/storage/http';
import { createTestStorage } from '@cvm/storage/testing';
${JS_ROUND_TRIP}`;

/** The round trip with types: each must resolve to a real type, not \`any\`, under skipLibCheck: false. */
const TS_ROUND_TRIP = `import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createStorageAdapter, InvalidIdError, type Program, type StorageAdapter } from '@cvm/storage';
import { RepositoryStorageAdapter, type StorageBackend } from '@cvm/storage/backend';
import { validateProgram, type CvmShape } from '@cvm/storage/validation';
import { createFileBackend, DURABILITIES, type Durability } from '@cvm/storage/file';
import { CVM_STORAGE_ENTITIES, mongoDataSourceOptions, type MongoBackend } from '@cvm/storage/mongodb';
import { MemoryStorageAdapter, type MemoryStorageOptions } from '@cvm/storage/memory';
import { httpErrorBody, httpStatusFor, type HttpErrorBody } from '@cvm/storage/http';
import { createTestStorage, type TestStorage } from '@cvm/storage/testing';
import type ormconfig from '@cvm/storage/ormconfig';

type IsAny<T> = 0 extends 1 & T ? true : false;
const typed: [
  IsAny<Program>, IsAny<StorageAdapter>, IsAny<TestStorage>, IsAny<ReturnType<typeof mongoDataSourceOptions>>, IsAny<typeof ormconfig>,
  IsAny<Durability>, IsAny<MongoBackend>, IsAny<HttpErrorBody>, IsAny<StorageBackend>, IsAny<CvmShape>, IsAny<MemoryStorageOptions>,
] = [false, false, false, false, false, false, false, false, false, false, false];

async function main(): Promise<void> {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'cvm-consumer-'));
  try {
    const durability: Durability = DURABILITIES[1];
    const storage: StorageAdapter = await createStorageAdapter({ dataDir, durability });
    const program: Program = { id: 'p', name: 'P', source: 's', bytecode: [{ op: 'HALT' }], created: new Date() };
    assert.deepEqual(validateProgram(program, 'strict'), program);
    await storage.saveProgram(program);
    const read: Program | null = await storage.getProgram('p');
    assert.deepEqual(read, program);
    const invalid: unknown = await storage.getProgram('').catch((error: unknown) => error);
    assert.ok(invalid instanceof InvalidIdError);
    const body: HttpErrorBody = httpErrorBody(invalid);
    assert.deepEqual([httpStatusFor(invalid), body.code], [400, 'INVALID_ID']);
    await storage.disconnect();
    // The file backend's repositories, composed by hand, read what the adapter stored.
    const composed = new RepositoryStorageAdapter(createFileBackend(dataDir));
    await composed.connect();
    assert.deepEqual(await composed.getProgram('p'), program);
    await composed.disconnect();
    assert.equal(CVM_STORAGE_ENTITIES.length, 4);
    const testStorage: TestStorage = await createTestStorage();
    await testStorage.saveProgram(program);
    assert.deepEqual(await testStorage.getProgram('p'), program);
    await testStorage.cleanup();
    const memoryOptions: MemoryStorageOptions = { validation: 'strict' };
    const memory: StorageAdapter = new MemoryStorageAdapter(memoryOptions);
    await memory.connect();
    await memory.saveProgram(program);
    assert.deepEqual(await memory.getProgram('p'), program);
    await memory.disconnect();
  } finally {
    fs.rmSync(dataDir, { recursive: true, force: true });
  }
  console.log(\`round trip: ok (\${typed.length} types checked)\`);
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
`;

/**
 * A Nest app: the module, the exception filter and a controller, answering over HTTP, then the
 * same module with a test storage put in by overrideCvmStorage. Uses a name from every entry point.
 */
const NEST_APP = `import 'reflect-metadata';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Controller, Get, Module, NotFoundException, Param } from '@nestjs/common';
import { APP_FILTER, NestFactory } from '@nestjs/core';
import { Test } from '@nestjs/testing';
import { CvmStorage, InvalidIdError, type Program } from '@cvm/storage';
import { DEFAULT_CACHE_BYTES } from '@cvm/storage/file';
import { CVM_STORAGE_ENTITIES } from '@cvm/storage/mongodb';
import { httpStatusFor, type HttpErrorBody } from '@cvm/storage/http';
import { CvmStorageExceptionFilter, CvmStorageModule } from '@cvm/storage/nest';
import { createTestStorage } from '@cvm/storage/testing';
import { overrideCvmStorage } from '@cvm/storage/testing/nest';
import type ormconfig from '@cvm/storage/ormconfig';

// Under node10 resolution (Nest 11's layout), subpaths resolve through typesVersions.
type IsAny<T> = 0 extends 1 & T ? true : false;
const typed: [
  IsAny<typeof ormconfig>, IsAny<typeof CvmStorageModule>, IsAny<typeof overrideCvmStorage>, IsAny<typeof CVM_STORAGE_ENTITIES>, IsAny<HttpErrorBody>,
] = [false, false, false, false, false];

const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'cvm-nest-consumer-'));

@Controller('programs')
class ProgramsController {
  constructor(private readonly storage: CvmStorage) {}

  @Get(':id')
  async read(@Param('id') id: string): Promise<Program> {
    const program = await this.storage.getProgram(id);
    if (program === null) throw new NotFoundException();
    return program;
  }
}

@Module({
  imports: [CvmStorageModule.forRoot({ dataDir, retryAttempts: 1, retryDelay: 100 })],
  controllers: [ProgramsController],
  providers: [{ provide: APP_FILTER, useClass: CvmStorageExceptionFilter }],
})
class AppModule {}

async function main(): Promise<void> {
  const app = await NestFactory.create(AppModule, { logger: false });
  try {
    await app.listen(0, '127.0.0.1');
    const url = await app.getUrl();
    const created = new Date('2026-01-02T03:04:05.678Z');
    await app.get(CvmStorage).saveProgram({ id: 'p', name: 'P', source: 's', bytecode: [{ op: 'HALT' }], created });

    const found = await fetch(\`\${url}/programs/p\`);
    assert.equal(found.status, 200);
    assert.deepEqual(await found.json(), { id: 'p', name: 'P', source: 's', bytecode: [{ op: 'HALT' }], created: created.toISOString() });
    const invalid = await fetch(\`\${url}/programs/\${'a'.repeat(1025)}\`);
    assert.equal(invalid.status, httpStatusFor(new InvalidIdError('id', 'a'.repeat(1025))));
    assert.equal(((await invalid.json()) as HttpErrorBody).code, 'INVALID_ID');
  } finally {
    await app.close();
    fs.rmSync(dataDir, { recursive: true, force: true });
  }
  const testStorage = await createTestStorage();
  try {
    const moduleRef = await overrideCvmStorage(Test.createTestingModule({ imports: [AppModule] }), testStorage).compile();
    assert.equal(moduleRef.get(CvmStorage), testStorage);
    await moduleRef.close();
  } finally {
    await testStorage.cleanup();
  }
  assert.equal(DEFAULT_CACHE_BYTES, 32 * 1024 * 1024);
  console.log(\`nest round trip: ok (\${typed.length} types checked)\`);
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
`;

/** The Nest entry points under a resolution whose project runs no Nest app: types, and loading. */
const NEST_ENTRY_POINTS = `import 'reflect-metadata';
import assert from 'node:assert/strict';
import { CvmStorageExceptionFilter, CvmStorageModule, type CvmStorageOptions } from '@cvm/storage/nest';
import { overrideCvmStorage } from '@cvm/storage/testing/nest';

type IsAny<T> = 0 extends 1 & T ? true : false;
const typed: [IsAny<typeof CvmStorageModule>, IsAny<CvmStorageOptions>, IsAny<typeof overrideCvmStorage>] = [false, false, false];
const options: CvmStorageOptions = { dataDir: './cvm-data' };
assert.equal(typeof CvmStorageModule.forRoot(options).module, 'function');
assert.equal(typeof CvmStorageExceptionFilter, 'function');
assert.equal(typeof overrideCvmStorage, 'function');
console.log(\`nest entry points: ok (\${typed.length} types checked)\`);
`;

/**
 * The published repository contract, run by Node's own test runner (not the project's Jest) on
 * the file backend: a third-party backend would run it the same way.
 */
const NODE_TEST_REPOSITORY_CONTRACT = `'use strict';
const { describe, it } = require('node:test');
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const { FileStorageAdapter } = require('@cvm/storage');
const { describeRepositoryContract } = require('@cvm/storage/testing');

let dataDir = '';
async function openAt(dir) {
  const adapter = new FileStorageAdapter(dir);
  await adapter.connect();
  return { repositories: adapter.repositories, close: () => adapter.disconnect() };
}

describeRepositoryContract('file, under node:test', {
  open: () => openAt((dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'cvm-consumer-contract-')))),
  openSameStore: () => openAt(dataDir),
  cleanup: async () => fs.rmSync(dataDir, { recursive: true, force: true }),
}, { describe, it });
`;

/** The multi-writer contract's adapter module, as a user of the package writes it. */
const FILE_ADAPTER_MODULE = `'use strict';
const { FileStorageAdapter } = require('@cvm/storage');
exports.open = (store, options) => new FileStorageAdapter(store, options);
`;

/** The published multi-writer contract under node:test: its writers run the package's own worker. */
const NODE_TEST_MULTI_WRITER_CONTRACT = `'use strict';
const { describe, it } = require('node:test');
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const { describeMultiWriterContract } = require('@cvm/storage/testing');

let dataDir = '';
describeMultiWriterContract('file, under node:test', {
  adapterModule: path.join(__dirname, 'file-adapter.js'),
  freshStore: async () => (dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'cvm-consumer-writers-'))),
  cleanup: async () => fs.rmSync(dataDir, { recursive: true, force: true }),
}, { describe, it });
`;

module.exports = { CJS_JS, ESM_JS, TS_ROUND_TRIP, NEST_APP, NEST_ENTRY_POINTS, NODE_TEST_REPOSITORY_CONTRACT, FILE_ADAPTER_MODULE, NODE_TEST_MULTI_WRITER_CONTRACT };
