import type { ErrorRequestHandler } from 'express';
import type { HttpErrorBody } from '../../src/http';
import { HttpProblem } from './http-problem';

/** What express.json() and the router throw for a bad request: an unparsable body, an undecodable path. */
interface ClientError {
  status: number;
  type?: string;
  message: string;
}

function isClientError(error: unknown): error is ClientError {
  const status = (error as Partial<ClientError> | null)?.status;
  return typeof status === 'number' && status >= 400 && status < 500;
}

function errorResponse(error: unknown): { status: number; body: HttpErrorBody } {
  if (error instanceof HttpProblem) return { status: error.status, body: { code: error.code, message: error.message } };
  if (isClientError(error)) {
    const code = error.type === 'entity.parse.failed' ? 'MALFORMED_JSON' : 'BAD_REQUEST';
    return { status: error.status, body: { code, message: error.message } };
  }
  return { status: 500, body: { code: 'INTERNAL', message: 'Internal server error' } };
}

/**
 * The app's own errors, after `storageErrorHandler()` from `@cvm/storage/http` has answered every
 * storage error: an unknown record, a bad request, and anything else as a 500.
 */
export const errorHandler: ErrorRequestHandler = (error, _req, res, _next) => {
  const { status, body } = errorResponse(error);
  if (status >= 500) console.error(error);
  res.status(status).json(body);
};
