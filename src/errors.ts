import { maskUrlPassword } from './util/mask-url';

/** Stable machine-readable codes; apps map them to HTTP statuses, messages are for people. */
export type StorageErrorCode =
  | 'VALIDATION_FAILED'
  | 'INVALID_ID'
  | 'NOT_CONNECTED'
  | 'CONNECTION_FAILED'
  | 'CORRUPT_RECORD'
  | 'STORAGE_IO'
  | 'ALREADY_EXISTS'
  | 'ID_COLLISION'
  | 'CONFLICT';

export abstract class StorageError extends Error {
  abstract readonly code: StorageErrorCode;

  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = new.target.name;
  }
}

export interface ValidationIssue {
  /** Dotted path of the failing property, e.g. `bytecode.3.op` or `variables.x`. */
  path: string;
  /** Constraint name to message, e.g. `{ isInt: 'pc must be an integer' }`. */
  constraints: Record<string, string>;
}

export class ValidationError extends StorageError {
  readonly code = 'VALIDATION_FAILED';

  /** `message` replaces the one built from `issues` where a caller's tests match the text. */
  constructor(
    readonly entity: string,
    readonly issues: ValidationIssue[],
    message?: string,
  ) {
    super(
      message ??
        `Invalid ${entity}: ` + issues.map((i) => `${i.path || '(root)'}: ${Object.values(i.constraints).join('; ')}`).join(', '),
    );
  }
}

export class InvalidIdError extends StorageError {
  readonly code = 'INVALID_ID';

  constructor(
    readonly field: string,
    readonly value: unknown,
  ) {
    super(`Invalid ${field} ${describeValue(value)}: expected a non-empty string of at most 1024 UTF-8 bytes, without a lone surrogate`);
  }
}

/**
 * The file for an id holds another id that the file system does not tell apart from it (a
 * case-insensitive or normalization-insensitive one, such as `Report` and `report` on macOS):
 * the save is refused rather than overwrite the other record.
 */
export class IdCollisionError extends StorageError {
  readonly code = 'ID_COLLISION';

  constructor(
    readonly field: string,
    readonly id: string,
    readonly storedId: string,
  ) {
    super(`${field[0].toUpperCase()}${field.slice(1)} ${describeValue(id)} shares its file with ${describeValue(storedId)}: the file system does not tell the two names apart`);
  }
}

export class NotConnectedError extends StorageError {
  readonly code = 'NOT_CONNECTED';

  constructor() {
    super('Not connected: call connect() first');
  }
}

export class ConnectionError extends StorageError {
  readonly code = 'CONNECTION_FAILED';

  /** Where the connection was to go, with anything shaped like a connection string masked (maskUrlPassword). */
  readonly target: string;

  /** `target` and `reason` are masked here too; the cause must be scrubbed by the caller (it knows the secret). */
  constructor(target: string, reason: string, options?: { cause?: unknown }) {
    super(`Cannot connect to ${maskUrlPassword(target)}: ${maskUrlPassword(reason)}`, options);
    this.target = maskUrlPassword(target);
  }
}

export class CorruptRecordError extends StorageError {
  readonly code = 'CORRUPT_RECORD';

  /** `location` names the file or the collection and id of the damaged record. */
  constructor(
    readonly location: string,
    reason: string,
    options?: { cause?: unknown },
  ) {
    super(`Corrupt record in ${location}: ${reason}`, options);
  }
}

export class StorageIOError extends StorageError {
  readonly code = 'STORAGE_IO';

  constructor(
    readonly location: string,
    readonly operation: string,
    options?: { cause?: unknown },
  ) {
    const cause = options?.cause as NodeJS.ErrnoException | undefined;
    super(`Cannot ${operation} ${location}${cause?.code ? ` (${cause.code})` : ''}`, options);
  }
}

export class AlreadyExistsError extends StorageError {
  readonly code = 'ALREADY_EXISTS';

  /** `field` names the kind of id, e.g. 'program id'. */
  constructor(
    readonly field: string,
    readonly id: string,
  ) {
    super(`${field[0].toUpperCase()}${field.slice(1)} ${JSON.stringify(id)} already exists`);
  }
}

export class ConflictError extends StorageError {
  readonly code = 'CONFLICT';

  /**
   * A fenced write found the record at another revision than it expected: `actualRevision` is
   * what is stored (null: no record), `expectedRevision` what the caller gave (null: none yet);
   * `reason`, when the record is at the expected revision but another writer holds the write.
   */
  constructor(
    readonly field: string,
    readonly id: string,
    readonly expectedRevision: number | null,
    readonly actualRevision: number | null,
    reason?: string,
  ) {
    const subject = `${field[0].toUpperCase()}${field.slice(1)} ${JSON.stringify(id)}`;
    super(
      reason !== undefined
        ? `${subject} is at revision ${actualRevision === null ? 'none' : actualRevision} as expected, but ${reason}`
        : `${subject} is ${actualRevision === null ? 'not stored' : `at revision ${actualRevision}`}, ` +
            `not ${expectedRevision === null ? 'absent' : `at revision ${expectedRevision}`} as expected: another writer got there first`,
    );
  }
}

function describeValue(value: unknown): string {
  if (typeof value === 'string') {
    const shown = value.length > 60 ? `${value.slice(0, 60)}...` : value;
    return JSON.stringify(shown);
  }
  if (value === null || value === undefined) return String(value);
  if (Array.isArray(value)) return 'of type array';
  return `of type ${typeof value}`;
}
