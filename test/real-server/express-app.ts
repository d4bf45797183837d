import { once } from 'node:events';
import type { AddressInfo } from 'node:net';
import express from 'express';
import type { CvmStorage } from '../../src';
import { storageErrorHandler } from '../../src/http';
import { makeExecution } from '../support/fixtures/records';

export interface ServedApp {
  url: string;
  close(): Promise<void>;
}

/**
 * A small Express 5 app over `storage`, as an app developer writes one: a save, a read, a list and
 * an append, with async handlers whose rejections Express 5 passes to `storageErrorHandler`.
 * Served on 127.0.0.1 at a port the system picks.
 */
export async function serveExpressApp(storage: CvmStorage, log: (error: Error) => void): Promise<ServedApp> {
  const app = express();
  app.use(express.json());
  app.put('/executions/:id', async (req, res) => {
    await storage.saveExecution(makeExecution({ id: req.params.id, state: 'RUNNING', pc: (req.body as { pc: number }).pc }));
    res.status(204).end();
  });
  app.get('/executions/:id', async (req, res) => {
    const execution = await storage.getExecution(req.params.id);
    if (execution === null) res.status(404).json({ id: req.params.id });
    else res.json(execution);
  });
  app.get('/executions', async (_req, res) => {
    res.json({ ids: (await storage.listExecutions()).map((execution) => execution.id).sort() });
  });
  app.post('/executions/:id/output', async (req, res) => {
    await storage.appendOutput(req.params.id, (req.body as { lines: string[] }).lines);
    res.status(204).end();
  });
  app.get('/executions/:id/output', async (req, res) => {
    res.json({ lines: await storage.getOutput(req.params.id) });
  });
  app.use(storageErrorHandler({ log }));

  const server = app.listen(0, '127.0.0.1');
  await once(server, 'listening');
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.closeAllConnections();
        server.close((error) => (error ? reject(error) : resolve()));
      }),
  };
}
