'use strict';
// The code each consumer project runs, written as a user of the package would write it.

/** A save/get round trip on the file backend and the testing entry point, for plain JavaScript. */
const JS_ROUND_TRIP = `
async function main() {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'cvm-consumer-'));
  try {
    const storage = await createStorageAdapter({ dataDir });
    const program = { id: 'p', name: 'P', source: 's', bytecode: [{ op: 'HALT' }], created: new Date() };
    await storage.saveProgram(program);
    assert.deepEqual(await storage.getProgram('p'), program);
    await assert.rejects(storage.getProgram('../x'), InvalidIdError);
    await storage.disconnect();
    const testStorage = await createTestStorage();
    await testStorage.saveProgram(program);
    assert.deepEqual(await testStorage.getProgram('p'), program);
    await testStorage.cleanup();
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
const { createTestStorage } = require('@cvm/storage/testing');

// ormconfig is exported for the TypeORM CLI; loading it builds, but does not connect, a DataSource.
const ormconfig = require('@cvm/storage/ormconfig');
assert.equal(ormconfig.default.constructor.name, 'DataSource');
assert.equal(ormconfig.default.options.type, 'mongodb');
assert.equal(ormconfig.default.isInitialized, false);
assert.equal(typeof ormconfig.mongoDataSourceOptions, 'function');
${JS_ROUND_TRIP}`;

const ESM_JS = `import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createStorageAdapter, InvalidIdError } from '@cvm/storage';
import { createTestStorage } from '@cvm/storage/testing';
${JS_ROUND_TRIP}`;

/** The round trip with types: each must resolve to a real type, not \`any\`, under skipLibCheck: false. */
const TS_ROUND_TRIP = `import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createStorageAdapter, InvalidIdError, mongoDataSourceOptions, type Program, type StorageAdapter } from '@cvm/storage';
import { createTestStorage, type TestStorage } from '@cvm/storage/testing';
import type ormconfig from '@cvm/storage/ormconfig';

type IsAny<T> = 0 extends 1 & T ? true : false;
const typed: [IsAny<Program>, IsAny<StorageAdapter>, IsAny<TestStorage>, IsAny<ReturnType<typeof mongoDataSourceOptions>>, IsAny<typeof ormconfig>] = [
  false, false, false, false, false,
];

async function main(): Promise<void> {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'cvm-consumer-'));
  try {
    const storage: StorageAdapter = await createStorageAdapter({ dataDir });
    const program: Program = { id: 'p', name: 'P', source: 's', bytecode: [{ op: 'HALT' }], created: new Date() };
    await storage.saveProgram(program);
    const read: Program | null = await storage.getProgram('p');
    assert.deepEqual(read, program);
    await assert.rejects(storage.getProgram('../x'), InvalidIdError);
    await storage.disconnect();
    const testStorage: TestStorage = await createTestStorage();
    await testStorage.saveProgram(program);
    assert.deepEqual(await testStorage.getProgram('p'), program);
    await testStorage.cleanup();
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

/** A Nest app: the module, the exception filter and a controller, answering over HTTP. */
const NEST_APP = `import 'reflect-metadata';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Controller, Get, Module, NotFoundException, Param } from '@nestjs/common';
import { APP_FILTER, NestFactory } from '@nestjs/core';
import { StorageAdapter, type Program } from '@cvm/storage';
import { CvmStorageExceptionFilter, CvmStorageModule } from '@cvm/storage/nest';
import type ormconfig from '@cvm/storage/ormconfig';

// Under node10 resolution (Nest 11's layout), subpaths resolve through typesVersions.
type IsAny<T> = 0 extends 1 & T ? true : false;
const typed: [IsAny<typeof ormconfig>, IsAny<typeof CvmStorageModule>] = [false, false];

const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'cvm-nest-consumer-'));

@Controller('programs')
class ProgramsController {
  constructor(private readonly storage: StorageAdapter) {}

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
    await app.get(StorageAdapter).saveProgram({ id: 'p', name: 'P', source: 's', bytecode: [{ op: 'HALT' }], created });

    const found = await fetch(\`\${url}/programs/p\`);
    assert.equal(found.status, 200);
    assert.deepEqual(await found.json(), { id: 'p', name: 'P', source: 's', bytecode: [{ op: 'HALT' }], created: created.toISOString() });
    const invalid = await fetch(\`\${url}/programs/..%2Fx\`);
    assert.equal(invalid.status, 400);
    assert.equal(((await invalid.json()) as { code: string }).code, 'INVALID_ID');
  } finally {
    await app.close();
    fs.rmSync(dataDir, { recursive: true, force: true });
  }
  console.log(\`nest round trip: ok (\${typed.length} types checked)\`);
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
`;

module.exports = { CJS_JS, ESM_JS, TS_ROUND_TRIP, NEST_APP };
