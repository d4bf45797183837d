import { Document } from 'bson';

export const ErrorCode = {
  InternalError: 1,
  BadValue: 2,
  HostUnreachable: 6,
  HostNotFound: 7,
  UnknownError: 8,
  FailedToParse: 9,
  Unauthorized: 13,
  TypeMismatch: 14,
  Overflow: 15,
  IllegalOperation: 20,
  NamespaceNotFound: 26,
  IndexNotFound: 27,
  CursorNotFound: 43,
  NamespaceExists: 48,
  MaxTimeMSExpired: 50,
  CommandNotFound: 59,
  ImmutableField: 66,
  InvalidOptions: 72,
  InvalidNamespace: 73,
  IndexOptionsConflict: 85,
  IndexKeySpecsConflict: 86,
  NetworkTimeout: 89,
  ShutdownInProgress: 91,
  WriteConflict: 112,
  ConflictingOperationInProgress: 117,
  PrimarySteppedDown: 189,
  TransactionTooOld: 225,
  NotImplemented: 238,
  NoSuchTransaction: 251,
  TransactionCommitted: 256,
  ExceededTimeLimit: 262,
  OperationNotSupportedInTransaction: 263,
  UnsupportedOpQueryCommand: 352,
  SocketException: 9001,
  NotWritablePrimary: 10107,
  DuplicateKey: 11000,
  InterruptedAtShutdown: 11600,
  InterruptedDueToReplStateChange: 11602,
  NotPrimaryNoSecondaryOk: 13435,
  NotPrimaryOrSecondary: 13436,
} as const;

export type ErrorCodeName = keyof typeof ErrorCode;

const NAMES_BY_CODE = new Map<number, string>(Object.entries(ErrorCode).map(([name, code]) => [code, name]));

export function codeNameOf(code: number): string {
  return NAMES_BY_CODE.get(code) ?? 'UnknownError';
}

/** A server-side failure that becomes `{ ok: 0, code, codeName, errmsg, ...extra }` or a write error. */
export class CommandError extends Error {
  constructor(
    readonly code: number,
    message: string,
    readonly extra: Document = {},
    readonly codeName: string = codeNameOf(code),
  ) {
    super(message);
    this.name = 'CommandError';
  }

  static of(name: ErrorCodeName, message: string, extra: Document = {}): CommandError {
    return new CommandError(ErrorCode[name], message, extra, name);
  }

  toReply(): Document {
    return { ok: 0, errmsg: this.message, code: this.code, codeName: this.codeName, ...this.extra };
  }

  toWriteError(index: number): Document {
    const { errorLabels: _labels, ...details } = this.extra;
    return { index, code: this.code, errmsg: this.message, ...details };
  }
}

/** Anything thrown by mingo or a handler that is not already a CommandError reads as a bad query/update. */
export function asCommandError(error: unknown): CommandError {
  if (error instanceof CommandError) return error;
  const message = error instanceof Error ? error.message : String(error);
  return CommandError.of('BadValue', message);
}

export function notSupported(feature: string): CommandError {
  return CommandError.of('NotImplemented', `mongo stand-in does not support ${feature}`);
}
