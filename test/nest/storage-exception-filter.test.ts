import { Controller, Get, Logger, Module, NotFoundException, Param, type INestApplication } from '@nestjs/common';
import { APP_FILTER, HttpAdapterHost } from '@nestjs/core';
import { Test } from '@nestjs/testing';
import request from 'supertest';
import {
  ConnectionError,
  CorruptRecordError,
  InvalidIdError,
  NotConnectedError,
  CvmStorage,
  StorageIOError,
  ValidationError,
  type StorageError,
} from '../../src';
import { CvmStorageExceptionFilter, CvmStorageModule } from '../../src/nest';
import { useTempDir } from '../support/fixtures/temp-folders';

const THROWN: Record<string, StorageError> = {
  validation: new ValidationError('Program', [{ path: 'name', constraints: { isString: 'name must be a string' } }]),
  'invalid-id': new InvalidIdError('id', '../x'),
  'not-connected': new NotConnectedError(),
  connection: new ConnectionError('mongodb://db:27017/cvm', 'timed out'),
  corrupt: new CorruptRecordError('/srv/cvm/programs/p.json', 'the file is not valid JSON'),
  io: new StorageIOError('/srv/cvm/programs', 'create a file in'),
};

@Controller()
class PlainController {
  constructor(private readonly storage: CvmStorage) {}

  @Get('p/:id')
  program(@Param('id') id: string): Promise<unknown> {
    return this.storage.getProgram(id);
  }

  @Get('throw/:what')
  throws(@Param('what') what: string): never {
    if (what === 'not-found') throw new NotFoundException('no such thing');
    if (what === 'plain') throw new Error('a bug');
    throw THROWN[what];
  }
}

describe('CvmStorageExceptionFilter', () => {
  const dir = useTempDir();
  let app: INestApplication | undefined;
  afterEach(async () => {
    await app?.close();
    app = undefined;
    jest.restoreAllMocks();
  });

  async function start(register: 'APP_FILTER' | 'useGlobalFilters' | 'none'): Promise<INestApplication> {
    @Module({
      imports: [CvmStorageModule.forRoot({ dataDir: dir() })],
      controllers: [PlainController],
      providers: register === 'APP_FILTER' ? [{ provide: APP_FILTER, useClass: CvmStorageExceptionFilter }] : [],
    })
    class PlainAppModule {}
    const moduleRef = await Test.createTestingModule({ imports: [PlainAppModule] }).compile();
    app = moduleRef.createNestApplication({ logger: false });
    if (register === 'useGlobalFilters') app.useGlobalFilters(new CvmStorageExceptionFilter(app.get(HttpAdapterHost).httpAdapter));
    await app.listen(0, '127.0.0.1');
    return app;
  }

  it('without it, Nest answers an invalid id in the path with 500', async () => {
    const server = await start('none');
    jest.spyOn(Logger.prototype, 'error').mockImplementation(() => undefined);

    const response = await request(server.getHttpServer()).get(`/p/${'x'.repeat(1025)}`);

    expect(response.status).toBe(500);
  });

  describe.each(['APP_FILTER', 'useGlobalFilters'] as const)('registered with %s', (register) => {
    it('answers an invalid id in the path with 400 INVALID_ID', async () => {
      const server = await start(register);

      const response = await request(server.getHttpServer()).get(`/p/${'x'.repeat(1025)}`);

      expect(response.status).toBe(400);
      expect(response.body).toEqual({ code: 'INVALID_ID', message: expect.stringContaining('1024 UTF-8 bytes') });
    });

    it.each([
      ['validation', 400, { code: 'VALIDATION_FAILED', message: THROWN.validation.message, fields: ['name'], issues: (THROWN.validation as ValidationError).issues }],
      ['invalid-id', 400, { code: 'INVALID_ID', message: THROWN['invalid-id'].message }],
      ['not-connected', 503, { code: 'NOT_CONNECTED', message: 'Storage is unavailable' }],
      ['connection', 503, { code: 'CONNECTION_FAILED', message: 'Storage is unavailable' }],
      ['corrupt', 500, { code: 'CORRUPT_RECORD', message: 'Internal server error' }],
      ['io', 500, { code: 'STORAGE_IO', message: 'Internal server error' }],
    ])('answers a thrown %s error with %i and the problem body', async (what, status, body) => {
      const server = await start(register);
      const log = jest.spyOn(Logger.prototype, 'error').mockImplementation(() => undefined);

      const response = await request(server.getHttpServer()).get(`/throw/${what}`);

      expect({ status: response.status, body: response.body }).toEqual({ status, body });
      if (status >= 500) expect(log).toHaveBeenCalledWith(THROWN[what]);
      else expect(log).not.toHaveBeenCalled();
    });

    it('leaves every other exception to Nest', async () => {
      const server = await start(register);
      jest.spyOn(Logger.prototype, 'error').mockImplementation(() => undefined);

      const notFound = await request(server.getHttpServer()).get('/throw/not-found');
      const bug = await request(server.getHttpServer()).get('/throw/plain');

      expect({ status: notFound.status, body: notFound.body }).toEqual({
        status: 404,
        body: { statusCode: 404, message: 'no such thing', error: 'Not Found' },
      });
      expect({ status: bug.status, body: bug.body }).toEqual({ status: 500, body: { statusCode: 500, message: 'Internal server error' } });
    });
  });
});
