import { StorageError } from '../errors';
import { storageErrorResponse } from './storage-error-response';

/** The parts of an Express (4 or 5) response the handler uses; typed here so the package needs no Express types. */
export interface ExpressLikeResponse {
  headersSent: boolean;
  status(code: number): this;
  set(field: string, value: string): this;
  json(body: unknown): unknown;
}

export interface StorageErrorHandlerOptions {
  /** Called with every storage error answered 500 or 503 (their bodies carry a fixed message); `console.error` by default. */
  log?: (error: StorageError) => void;
}

/** Express's four-argument error middleware. */
export type StorageErrorMiddleware = (error: unknown, request: unknown, response: ExpressLikeResponse, next: (error?: unknown) => void) => void;

/**
 * Express error middleware that answers every StorageError as CvmStorageExceptionFilter does
 * (storageErrorResponse: the status, the problem body, `Retry-After` on 503) and passes every
 * other error, or one thrown after the response started, to the next error handler:
 *
 *   app.use(storageErrorHandler());
 */
export function storageErrorHandler(options: StorageErrorHandlerOptions = {}): StorageErrorMiddleware {
  const log = options.log ?? ((error: StorageError) => console.error(error));
  return (error, _request, response, next) => {
    if (!(error instanceof StorageError) || response.headersSent) return next(error);
    const { status, headers, body } = storageErrorResponse(error);
    if (status >= 500) log(error);
    for (const [name, value] of Object.entries(headers)) response.set(name, value);
    response.status(status).json(body);
  };
}
