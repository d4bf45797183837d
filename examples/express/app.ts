import express, { type Express } from 'express';
import type { CvmStorage } from '../../src';
import { storageErrorHandler } from '../../src/http';
import { methodNotAllowed, noRouteBody, requireJsonBody } from '../http-rules';
import { errorHandler } from './error-handler';
import { executionsRoutes } from './executions-routes';
import { programsRoutes } from './programs-routes';

/** The CVM storage HTTP API over a connected `storage`. */
export function createApp(storage: CvmStorage): Express {
  const app = express();
  app.use(methodNotAllowed, requireJsonBody, express.json({ limit: '1mb' }));
  app.use('/programs', programsRoutes(storage));
  app.use('/executions', executionsRoutes(storage));
  app.use((req, res) => {
    res.status(404).json(noRouteBody(req.method, req.path));
  });
  app.use(storageErrorHandler(), errorHandler);
  return app;
}
