import { randomUUID } from 'node:crypto';
import { Router } from 'express';
import { InvalidIdError, type CvmStorage } from '../../src';
import { isValidId } from '../../src/validation';
import { newExecution } from '../../src/testing';
import { programFromJson, readJsonObject } from '../../src/http';
import { notFound } from './http-problem';

/** Programs: create, list, read, delete, and start an execution of one. */
export function programsRoutes(storage: CvmStorage): Router {
  const router = Router();

  router.post('/', async (req, res) => {
    const program = programFromJson(req.body, { created: new Date() });
    await storage.createProgram(program);
    res.status(201).json(program);
  });

  router.get('/', async (_req, res) => {
    res.json({ programs: await storage.listPrograms() });
  });

  router.get('/:id', async (req, res) => {
    const program = await storage.getProgram(req.params.id);
    if (!program) throw notFound('program', req.params.id);
    res.json(program);
  });

  router.delete('/:id', async (req, res) => {
    if (!(await storage.getProgram(req.params.id))) throw notFound('program', req.params.id);
    await storage.deleteProgram(req.params.id);
    res.status(204).end();
  });

  router.post('/:id/executions', async (req, res) => {
    const { id = randomUUID() } = readJsonObject(req.body ?? {}, ['id'], 'StartExecution');
    if (!isValidId(id)) throw new InvalidIdError('execution id', id);
    const program = await storage.getProgram(req.params.id);
    if (!program) throw notFound('program', req.params.id);
    const execution = newExecution(id, program.id);
    await storage.createExecution(execution);
    await storage.setCurrentExecutionId(id);
    res.status(201).json(execution);
  });

  return router;
}
