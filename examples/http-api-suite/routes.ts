import { promises as fs } from 'node:fs';
import path from 'node:path';
import request from 'supertest';
import { CorruptRecordError, NotConnectedError } from '../../src';
import { createTestStorage, type TestStorage } from '../../src/testing';
import { CREATED, programJson } from './fixtures';
import type { HttpApiHarness, RunningHttpApp } from './harness';

/** Each route's happy path and not-found answers, and the answers to storage failures. */
export function describeRoutes(appName: string, harness: HttpApiHarness): void {
  describe(`${appName} over HTTP`, () => {
    let storage: TestStorage;
    let server: RunningHttpApp;
    const api = () => request(server.url);

    beforeAll(async () => {
      storage = await createTestStorage();
      server = await harness.start(storage);
    });

    afterAll(async () => {
      await server.close();
      await storage.cleanup();
    });

    it('creates a program, storing its ISO date strings as Dates, and reads it back', async () => {
      const created = await api().post('/programs').send({ ...programJson('hello'), updated: '2024-03-05T00:00:00+02:00' });

      expect(created.status).toBe(201);
      expect(created.body).toEqual({ ...programJson('hello'), updated: '2024-03-04T22:00:00.000Z' });
      const stored = await storage.getProgram('hello');
      expect(stored?.created).toEqual(new Date(CREATED));
      expect(stored?.updated).toEqual(new Date('2024-03-04T22:00:00.000Z'));
      expect((await api().get('/programs/hello')).body).toEqual(created.body);
      expect((await api().get('/programs')).body.programs.map((p: { id: string }) => p.id)).toContain('hello');
    });

    it('keeps fields of its own on a program, as default validation does', async () => {
      const created = await api().post('/programs').send({ ...programJson('owned'), owner: 'ada', meta: { tags: ['x'], rev: null } });

      expect(created.status).toBe(201);
      expect((await api().get('/programs/owned')).body).toEqual({ ...programJson('owned'), owner: 'ada', meta: { tags: ['x'], rev: null } });
    });

    it('sets created to now when the body leaves it out', async () => {
      const before = Date.now();
      const { created: _omitted, ...body } = programJson('undated');

      const response = await api().post('/programs').send(body);

      expect(response.status).toBe(201);
      const created = (await storage.getProgram('undated'))?.created;
      expect(created).toBeInstanceOf(Date);
      expect(created!.getTime()).toBeGreaterThanOrEqual(before);
    });

    it('refuses to create a program whose id exists, keeping the stored one', async () => {
      await api().post('/programs').send(programJson('taken')).expect(201);

      const response = await api().post('/programs').send({ ...programJson('taken'), name: 'Impostor' });

      expect(response.status).toBe(409);
      expect(response.body.code).toBe('ALREADY_EXISTS');
      expect((await storage.getProgram('taken'))?.name).toBe('Program taken');
    });

    it('starts an execution of a program, makes it current, and appends and reads its output', async () => {
      await api().post('/programs').send(programJson('runner')).expect(201);

      const started = await api().post('/programs/runner/executions').send({ id: 'run-1' });
      await api().post('/executions/run-1/output').send({ lines: ['one', 'two'] }).expect(204);
      await api().post('/executions/run-1/output').send({ lines: ['three'] }).expect(204);

      expect(started.status).toBe(201);
      expect(started.body).toMatchObject({ id: 'run-1', programId: 'runner', state: 'READY', pc: 0, stack: [], variables: {} });
      expect(await storage.getCurrentExecutionId()).toBe('run-1');
      expect((await api().get('/executions/run-1')).body).toEqual(started.body);
      expect((await api().get('/executions/run-1/output')).body).toEqual({ lines: ['one', 'two', 'three'] });
      expect((await api().get('/executions')).body.executions.map((e: { id: string }) => e.id)).toContain('run-1');
    });

    it('gives a started execution a generated id when the body has none', async () => {
      await api().post('/programs').send(programJson('auto')).expect(201);

      const started = await api().post('/programs/auto/executions');

      expect(started.status).toBe(201);
      expect(started.body.id).toMatch(/^[0-9a-f-]{36}$/);
      expect((await storage.getExecution(started.body.id))?.programId).toBe('auto');
    });

    it('deletes an execution with its output, then a program', async () => {
      await api().post('/programs').send(programJson('doomed')).expect(201);
      await api().post('/programs/doomed/executions').send({ id: 'doomed-run' }).expect(201);
      await api().post('/executions/doomed-run/output').send({ lines: ['bye'] }).expect(204);

      await api().delete('/executions/doomed-run').expect(204);
      await api().delete('/programs/doomed').expect(204);

      expect(await storage.getExecution('doomed-run')).toBeNull();
      expect(await storage.getOutput('doomed-run')).toEqual([]);
      expect(await storage.getProgram('doomed')).toBeNull();
      expect((await api().get('/executions/doomed-run')).status).toBe(404);
    });

    it.each([
      ['get', '/programs/nope', 'No program with id "nope"'],
      ['delete', '/programs/nope', 'No program with id "nope"'],
      ['post', '/programs/nope/executions', 'No program with id "nope"'],
      ['get', '/executions/nope', 'No execution with id "nope"'],
      ['get', '/executions/nope/output', 'No execution with id "nope"'],
      ['delete', '/executions/nope', 'No execution with id "nope"'],
      ['get', '/no-such-route', 'No route for GET /no-such-route'],
      ['put', '/programs/nope/extra', 'No route for PUT /programs/nope/extra'],
    ] as const)('answers %s %s with 404 NOT_FOUND, worded alike in every app', async (method, url, message) => {
      const response = await api()[method](url);

      expect({ status: response.status, body: response.body }).toEqual({ status: 404, body: { code: 'NOT_FOUND', message } });
    });

    it('answers 404 when appending output to a missing execution, storing nothing', async () => {
      const response = await api().post('/executions/ghost/output').send({ lines: ['x'] });

      expect(response.status).toBe(404);
      expect(await storage.getOutput('ghost')).toEqual([]);
    });

    it('answers 500 CORRUPT_RECORD for a damaged file, logging where it is but not revealing it', async () => {
      const damaged = path.join(storage.dataDir, 'programs', 'damaged.json');
      await fs.writeFile(damaged, '{"id": "damaged", ');
      const log = harness.silenceErrorLog();
      try {
        const response = await api().get('/programs/damaged');

        expect(response.status).toBe(500);
        expect(response.body).toEqual({ code: 'CORRUPT_RECORD', message: 'Internal server error' });
        expect(log).toHaveBeenCalledWith(expect.any(CorruptRecordError));
        expect((log.mock.calls[0][0] as Error).message).toContain(damaged);
      } finally {
        log.mockRestore();
        await fs.rm(damaged);
      }
    });
  });

  describe(`${appName} with its storage disconnected`, () => {
    it('answers 503 NOT_CONNECTED', async () => {
      await using storage = await createTestStorage();
      const server = await harness.start(storage);
      await storage.disconnect();
      const log = harness.silenceErrorLog();
      try {
        const response = await request(server.url).get('/programs');

        expect(response.status).toBe(503);
        expect(response.body).toEqual({ code: 'NOT_CONNECTED', message: 'Storage is unavailable' });
        expect(log).toHaveBeenCalledWith(expect.any(NotConnectedError));
      } finally {
        log.mockRestore();
        await server.close();
      }
    });
  });
}
