import { StorageError, ValidationError, type ValidationIssue } from '../errors';
import { httpStatusFor } from './http-status';

/** The JSON an HTTP API returns for a failed request. */
export interface HttpErrorBody {
  code: string;
  message: string;
  /** The failing property paths of a validation error. */
  fields?: string[];
  issues?: ValidationIssue[];
}

const UNAVAILABLE = 'Storage is unavailable';
const INTERNAL = 'Internal server error';

/**
 * The response body for an error. Client errors carry the storage's message (and, for validation,
 * every failing field); server errors carry a fixed message, since theirs name files and hosts.
 */
export function httpErrorBody(error: unknown): HttpErrorBody {
  if (!(error instanceof StorageError)) return { code: 'INTERNAL', message: INTERNAL };
  const status = httpStatusFor(error);
  if (status === 503) return { code: error.code, message: UNAVAILABLE };
  if (status >= 500) return { code: error.code, message: INTERNAL };
  if (error instanceof ValidationError) {
    return { code: error.code, message: error.message, fields: error.issues.map((issue) => issue.path), issues: error.issues };
  }
  return { code: error.code, message: error.message };
}
