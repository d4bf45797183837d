import 'reflect-metadata';

/**
 * `@cvm/storage/http`: the HTTP mapping of storage errors and the JSON-to-record helpers, for any
 * framework. `CvmStorageExceptionFilter` from `@cvm/storage/nest` answers with the same status and
 * body, so an Express or Fastify app that uses these answers as a Nest app does.
 */
export { httpStatusFor } from './http-status';
export { httpErrorBody, type HttpErrorBody } from './http-error-body';
export { storageErrorResponse, RETRY_AFTER_SECONDS, type StorageErrorResponse } from './storage-error-response';
export { storageErrorHandler, type StorageErrorHandlerOptions, type StorageErrorMiddleware, type ExpressLikeResponse } from './express-error-handler';
export { programFromJson } from './program-from-json';
export { readJsonObject } from './read-json-object';
export { parseIsoDate } from './parse-iso-date';
