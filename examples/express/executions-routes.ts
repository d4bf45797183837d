import { Router } from 'express';
import type { CvmStorage } from '../../src';
import { validateOutputLines } from '../../src/validation';
import { readJsonObject } from '../../src/http';
import { notFound } from './http-problem';

/** Executions: list, read, read and append output, delete. */
export function executionsRoutes(storage: CvmStorage): Router {
  const router = Router();

  async function requireExecution(id: string): Promise<void> {
    if (!(await storage.getExecution(id))) throw notFound('execution', id);
  }

  router.get('/', async (_req, res) => {
    res.json({ executions: await storage.listExecutions() });
  });

  router.get('/:id', async (req, res) => {
    const execution = await storage.getExecution(req.params.id);
    if (!execution) throw notFound('execution', req.params.id);
    res.json(execution);
  });

  router.get('/:id/output', async (req, res) => {
    await requireExecution(req.params.id);
    res.json({ lines: await storage.getOutput(req.params.id) });
  });

  router.post('/:id/output', async (req, res) => {
    const lines = validateOutputLines(readJsonObject(req.body, ['lines'], 'Output').lines);
    await requireExecution(req.params.id);
    await storage.appendOutput(req.params.id, lines);
    res.status(204).end();
  });

  router.delete('/:id', async (req, res) => {
    await requireExecution(req.params.id);
    await storage.deleteExecution(req.params.id);
    res.status(204).end();
  });

  return router;
}
