import express, { type Express } from 'express';
import type { StorageAdapter } from '../../src';
import { errorHandler } from './error-handler';
import { executionsRoutes } from './executions-routes';
import { HttpProblem } from './http-problem';
import { programsRoutes } from './programs-routes';

/** The CVM storage HTTP API over a connected `storage`. */
export function createApp(storage: StorageAdapter): Express {
  const app = express();
  app.use(express.json({ limit: '1mb' }));
  app.use('/programs', programsRoutes(storage));
  app.use('/executions', executionsRoutes(storage));
  app.use((req) => {
    throw new HttpProblem(404, 'NOT_FOUND', `No route for ${req.method} ${req.path}`);
  });
  app.use(errorHandler);
  return app;
}
