import { Controller, Get, Logger, Module, Param, type INestApplication } from '@nestjs/common';
import { APP_FILTER } from '@nestjs/core';
import { Test } from '@nestjs/testing';
import express from 'express';
import request from 'supertest';
import {
  AlreadyExistsError,
  ConflictError,
  ConnectionError,
  CorruptRecordError,
  IdCollisionError,
  InvalidIdError,
  NotConnectedError,
  StorageIOError,
  ValidationError,
  type StorageError,
  type StorageErrorCode,
} from '../../src';
import { RETRY_AFTER_SECONDS, storageErrorHandler, storageErrorResponse } from '../../src/http';
import { CvmStorageExceptionFilter, CvmStorageModule } from '../../src/nest';
import { useTempDir } from '../support/fixtures/temp-folders';

/** One error of every code: the list is checked against StorageErrorCode below. */
const THROWN: Record<StorageErrorCode, StorageError> = {
  VALIDATION_FAILED: new ValidationError('Program', [{ path: 'name', constraints: { isString: 'name must be a string' } }]),
  INVALID_ID: new InvalidIdError('program id', '../x'),
  NOT_CONNECTED: new NotConnectedError(),
  CONNECTION_FAILED: new ConnectionError('mongodb://user:secret@db:27017/cvm', 'timed out'),
  CORRUPT_RECORD: new CorruptRecordError('/srv/cvm/programs/p.json', 'the file is not valid JSON'),
  STORAGE_IO: new StorageIOError('/srv/cvm/programs', 'create a file in'),
  ALREADY_EXISTS: new AlreadyExistsError('program id', 'p'),
  ID_COLLISION: new IdCollisionError('program id', 'Report', 'report'),
  CONFLICT: new ConflictError('execution id', 'e', 1, 2),
};

const EXPECTED_STATUS: Record<StorageErrorCode, number> = {
  VALIDATION_FAILED: 400,
  INVALID_ID: 400,
  NOT_CONNECTED: 503,
  CONNECTION_FAILED: 503,
  CORRUPT_RECORD: 500,
  STORAGE_IO: 500,
  ALREADY_EXISTS: 409,
  ID_COLLISION: 409,
  CONFLICT: 409,
};

@Controller()
class ThrowingController {
  @Get('throw/:code')
  throws(@Param('code') code: StorageErrorCode): never {
    throw THROWN[code];
  }
}

async function startNest(dataDir: string): Promise<INestApplication> {
  @Module({
    imports: [CvmStorageModule.forRoot({ dataDir })],
    controllers: [ThrowingController],
    providers: [{ provide: APP_FILTER, useClass: CvmStorageExceptionFilter }],
  })
  class ThrowingModule {}
  const moduleRef = await Test.createTestingModule({ imports: [ThrowingModule] }).compile();
  const app = moduleRef.createNestApplication({ logger: false });
  await app.listen(0, '127.0.0.1');
  return app;
}

function expressApp(log: StorageError[]): express.Express {
  const app = express();
  app.get('/throw/:code', (req) => {
    throw THROWN[req.params.code as StorageErrorCode];
  });
  app.get('/plain', () => {
    throw new Error('not a storage error');
  });
  app.use(storageErrorHandler({ log: (error) => log.push(error) }));
  app.use((_error: unknown, _req: express.Request, res: express.Response, _next: express.NextFunction) => {
    res.status(418).json({ code: 'NEXT_HANDLER' });
  });
  return app;
}

describe('one mapping of storage errors for the Nest filter and the Express handler', () => {
  const dir = useTempDir();
  let nest: INestApplication | undefined;
  afterEach(async () => {
    await nest?.close();
    nest = undefined;
    jest.restoreAllMocks();
  });

  it('covers every error code', () => {
    expect(Object.keys(THROWN).sort()).toEqual(Object.keys(EXPECTED_STATUS).sort());
    for (const [code, error] of Object.entries(THROWN)) expect(error.code).toBe(code);
  });

  it.each(Object.keys(THROWN) as StorageErrorCode[])('%s: the same status, Retry-After and body from both, as storageErrorResponse says', async (code) => {
    jest.spyOn(Logger.prototype, 'error').mockImplementation(() => undefined);
    nest = await startNest(dir());
    const logged: StorageError[] = [];
    const fromNest = await request(nest.getHttpServer()).get(`/throw/${code}`);
    const fromExpress = await request(expressApp(logged)).get(`/throw/${code}`);
    const expected = storageErrorResponse(THROWN[code]);

    expect(expected.status).toBe(EXPECTED_STATUS[code]);
    for (const response of [fromNest, fromExpress]) {
      expect({ status: response.status, retryAfter: response.headers['retry-after'], body: response.body }).toEqual({
        status: expected.status,
        retryAfter: expected.status === 503 ? String(RETRY_AFTER_SECONDS) : undefined,
        body: expected.body,
      });
      expect(JSON.stringify(response.body)).not.toContain('secret');
    }
    expect(logged).toEqual(expected.status >= 500 ? [THROWN[code]] : []);
  });

  it('the Express handler passes any other error to the next error handler', async () => {
    const response = await request(expressApp([])).get('/plain');
    expect(response.status).toBe(418);
    expect(response.body).toEqual({ code: 'NEXT_HANDLER' });
  });
});
