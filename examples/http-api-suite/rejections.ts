import request, { type Response } from 'supertest';
import { createTestStorage, type TestStorage } from '../../src/testing';
import { HOSTILE_PATH_IDS, LONG_ID, PROGRAM } from './fixtures';
import type { HttpApiHarness, RunningHttpApp } from './harness';

/** Every kind of bad request gets its error answer and leaves storage and listings untouched. */
export function describeRejections(appName: string, harness: HttpApiHarness): void {
  describe(`${appName}: rejected requests store nothing`, () => {
    let storage: TestStorage;
    let server: RunningHttpApp;
    const api = () => request(server.url);

    beforeAll(async () => {
      storage = await createTestStorage();
      server = await harness.start(storage);
      await api().post('/programs').send(PROGRAM).expect(201);
      await api().post('/programs/kept/executions').send({ id: 'kept-run' }).expect(201);
      await api().post('/executions/kept-run/output').send({ lines: ['kept line'] }).expect(204);
    });

    afterAll(async () => {
      await server.close();
      await storage.cleanup();
    });

    /** Sends the request and checks its status and code, and that no file and no listing changed. */
    async function expectRejected(send: () => Promise<Response>, status: number, code: string): Promise<Response> {
      const filesBefore = await storage.files();
      const programsBefore = (await api().get('/programs')).body;
      const executionsBefore = (await api().get('/executions')).body;

      const response = await send();

      expect({ status: response.status, code: response.body.code }).toEqual({ status, code });
      expect(await storage.files()).toEqual(filesBefore);
      expect((await api().get('/programs')).body).toEqual(programsBefore);
      expect((await api().get('/executions')).body).toEqual(executionsBefore);
      return response;
    }

    describe('malformed bodies', () => {
      it.each([
        ['POST /programs', '/programs'],
        ['POST /programs/:id/executions', '/programs/kept/executions'],
        ['POST /executions/:id/output', '/executions/kept-run/output'],
      ])('%s with broken JSON is 400 MALFORMED_JSON', async (_name, url) => {
        await expectRejected(() => api().post(url).set('Content-Type', 'application/json').send('{"id": "x",'), 400, 'MALFORMED_JSON');
      });

      it('a JSON string instead of an object is 400', async () => {
        await expectRejected(() => api().post('/programs').set('Content-Type', 'application/json').send('"kept"'), 400, 'MALFORMED_JSON');
      });

      it('a program as a JSON array is 400 VALIDATION_FAILED at the root', async () => {
        const response = await expectRejected(() => api().post('/programs').send([PROGRAM]), 400, 'VALIDATION_FAILED');
        expect(response.body.fields).toEqual(['']);
      });

      it.each([
        ['POST /programs', '/programs'],
        ['POST /programs/:id/executions', '/programs/kept/executions'],
        ['POST /executions/:id/output', '/executions/kept-run/output'],
      ])('%s with a body that is not JSON is 415 UNSUPPORTED_MEDIA_TYPE', async (_name, url) => {
        const response = await expectRejected(
          () => api().post(url).set('Content-Type', 'text/plain').send(JSON.stringify(PROGRAM)),
          415,
          'UNSUPPORTED_MEDIA_TYPE',
        );
        expect(response.body).toEqual({ code: 'UNSUPPORTED_MEDIA_TYPE', message: 'The body must be application/json, not text/plain' });
      });
    });

    describe('methods a path does not serve', () => {
      it.each([
        ['put', '/programs', 'GET, POST'],
        ['patch', '/programs', 'GET, POST'],
        ['delete', '/programs', 'GET, POST'],
        ['put', '/programs/kept', 'GET, DELETE'],
        ['get', '/programs/kept/executions', 'POST'],
        ['put', '/executions', 'GET'],
        ['post', '/executions', 'GET'],
        ['put', '/executions/kept-run', 'GET, DELETE'],
        ['delete', '/executions/kept-run/output', 'GET, POST'],
      ] as const)('%s %s is 405 METHOD_NOT_ALLOWED with Allow: %s', async (method, url, allow) => {
        const response = await expectRejected(() => api()[method](url).send(PROGRAM), 405, 'METHOD_NOT_ALLOWED');
        expect(response.headers.allow).toBe(allow);
        expect(response.body.message).toBe(`${method.toUpperCase()} is not allowed on ${url}: use ${allow.split(', ').join(' or ')}`);
      });
    });

    describe('wrong fields', () => {
      it.each([
        ['an unparsable created', { created: 'yesterday' }, ['created']],
        ['February 30', { created: '2024-02-30T10:00:00Z' }, ['created']],
        ['a date without a time', { updated: '2024-03-04' }, ['updated']],
        ['a number for created', { created: 1709528767089 }, ['created']],
        ['several bad fields at once', { name: 42, bytecode: 'PUSH', created: 'soon' }, ['created', 'name', 'bytecode']],
        ['a bad instruction', { bytecode: [{ op: '' }] }, ['bytecode.0.op']],
      ])('a program with %s is 400 naming the failing fields', async (_name, change, fields) => {
        const response = await expectRejected(
          () => api().post('/programs').send({ ...PROGRAM, id: 'fresh', ...change }),
          400,
          'VALIDATION_FAILED',
        );
        expect(response.body.fields).toEqual(fields);
        expect(response.body.issues).toHaveLength(fields.length);
      });

      it.each([
        ['lines that are not an array', { lines: 'one line' }, ['lines']],
        ['a line that is not a string', { lines: ['ok', 3] }, ['lines.1']],
        ['an unknown property', { lines: ['ok'], stream: 'stderr' }, ['stream']],
        ['no lines', {}, ['lines']],
      ])('output with %s is 400 naming the failing fields', async (_name, body, fields) => {
        const response = await expectRejected(() => api().post('/executions/kept-run/output').send(body), 400, 'VALIDATION_FAILED');
        expect(response.body.fields).toEqual(fields);
      });

      it('starting an execution with a field the server sets is 400 naming it', async () => {
        const response = await expectRejected(
          () => api().post('/programs/kept/executions').send({ id: 'new-run', state: 'COMPLETED' }),
          400,
          'VALIDATION_FAILED',
        );
        expect(response.body.fields).toEqual(['state']);
      });
    });

    describe('hostile ids', () => {
      it.each(HOSTILE_PATH_IDS)('%s in the path names no stored record: 404 NOT_FOUND on every route', async (id) => {
        await expectRejected(() => api().get(`/programs/${id}`), 404, 'NOT_FOUND');
        await expectRejected(() => api().post(`/programs/${id}/executions`).send({}), 404, 'NOT_FOUND');
        await expectRejected(() => api().get(`/executions/${id}`), 404, 'NOT_FOUND');
        await expectRejected(() => api().post(`/executions/${id}/output`).send({ lines: ['x'] }), 404, 'NOT_FOUND');
      });

      it('a program id with path characters is stored under its own name and read back, nothing else changes', async () => {
        const id = '../../etc/passwd';
        const created = await api().post('/programs').send({ ...PROGRAM, id });
        expect(created.status).toBeLessThan(300);
        const read = await api().get(`/programs/${encodeURIComponent(id)}`);
        expect({ status: read.status, id: read.body.id }).toEqual({ status: 200, id });
        expect((await api().get('/programs/kept')).body.id).toBe('kept');
        expect((await api().delete(`/programs/${encodeURIComponent(id)}`)).status).toBeLessThan(300);
      });

      it('an id longer than 1,024 bytes in the path is 400 INVALID_ID on every route', async () => {
        await expectRejected(() => api().get(`/programs/${LONG_ID}`), 400, 'INVALID_ID');
        await expectRejected(() => api().delete(`/programs/${LONG_ID}`), 400, 'INVALID_ID');
        await expectRejected(() => api().post(`/programs/${LONG_ID}/executions`).send({}), 400, 'INVALID_ID');
        await expectRejected(() => api().get(`/executions/${LONG_ID}`), 400, 'INVALID_ID');
        await expectRejected(() => api().get(`/executions/${LONG_ID}/output`), 400, 'INVALID_ID');
        await expectRejected(() => api().post(`/executions/${LONG_ID}/output`).send({ lines: ['x'] }), 400, 'INVALID_ID');
        await expectRejected(() => api().delete(`/executions/${LONG_ID}`), 400, 'INVALID_ID');
      });

      it('a path with broken percent-encoding is 400 BAD_REQUEST', async () => {
        await expectRejected(() => api().delete('/programs/%E0%A4%A'), 400, 'BAD_REQUEST');
      });

      it.each([[LONG_ID], [{ $ne: null }], [42], ['']])(
        'program id %j in the body is 400 INVALID_ID',
        async (id) => {
          await expectRejected(() => api().post('/programs').send({ ...PROGRAM, id }), 400, 'INVALID_ID');
        },
      );

      it.each([[LONG_ID], [{ $gt: '' }], ['']])('execution id %j in the body is 400 INVALID_ID', async (id) => {
        await expectRejected(() => api().post('/programs/kept/executions').send({ id }), 400, 'INVALID_ID');
      });
    });
  });
}
