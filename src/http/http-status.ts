import { StorageError, type StorageErrorCode } from '../errors';

const STATUS_BY_CODE: Record<StorageErrorCode, number> = {
  VALIDATION_FAILED: 400,
  INVALID_ID: 400,
  NOT_CONNECTED: 503,
  CONNECTION_FAILED: 503,
  CORRUPT_RECORD: 500,
  STORAGE_IO: 500,
  ALREADY_EXISTS: 409,
  ID_COLLISION: 409,
  CONFLICT: 409,
};

/** The HTTP status for an error thrown by the storage: 400, 409, 503 or 500 (also for any other error). */
export function httpStatusFor(error: unknown): number {
  return error instanceof StorageError ? STATUS_BY_CODE[error.code] : 500;
}
