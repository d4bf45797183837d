import { httpErrorBody, type HttpErrorBody } from './http-error-body';
import { httpStatusFor } from './http-status';

/** How long a client is told to wait before retrying while the store is unavailable (503), in seconds. */
export const RETRY_AFTER_SECONDS = 5;

/** The whole HTTP answer to a storage error: status, headers and body. */
export interface StorageErrorResponse {
  status: number;
  /** `Retry-After` on a 503 (NOT_CONNECTED, CONNECTION_FAILED); empty otherwise. */
  headers: Record<string, string>;
  body: HttpErrorBody;
}

/**
 * The answer to an error thrown by the storage, the one mapping that the Nest filter and the
 * Express handler both use: httpStatusFor's status, httpErrorBody's body, and `Retry-After`
 * while the store cannot be reached.
 */
export function storageErrorResponse(error: unknown): StorageErrorResponse {
  const status = httpStatusFor(error);
  const headers: Record<string, string> = status === 503 ? { 'Retry-After': String(RETRY_AFTER_SECONDS) } : {};
  return { status, headers, body: httpErrorBody(error) };
}
