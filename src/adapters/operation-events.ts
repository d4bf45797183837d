import diagnosticsChannel from 'node:diagnostics_channel';
import { executionToDocument, programToDocument } from '../codec/record-codec';
import { StorageError } from '../errors';
import type { Execution, Program } from '../types';

/** The `node:diagnostics_channel` channel every StorageAdapter operation publishes on. */
export const OPERATION_CHANNEL = 'cvm-storage:operation';

/**
 * One finished StorageAdapter call, published on {@link OPERATION_CHANNEL} when it resolves or
 * rejects. It never holds record content, ids or messages: only what is below.
 *
 * Bytes are the size of the stored encoding of what the call wrote or returned, computed by the
 * adapter (not measured at the disk or the socket), and only for a call that succeeded (a failed
 * call reports 0 and 0):
 * - a program or execution: the UTF-8 length of its stored document as JSON text, without the
 *   storage's `revision` field (the same codec for both backends; on the file backend that is the
 *   record file's size less `"revision":n,`, on MongoDB the BSON document differs by a few bytes
 *   per field);
 * - output lines: the UTF-8 length of the lines as a JSON array (the part of the stored output
 *   record or chunk that holds them; 0 for no lines);
 * - the current-execution pointer: the id's length (0 for `null`);
 * - connect, disconnect and deletes: 0.
 * A list counts every record it returned.
 */
export interface OperationEvent {
  /** The StorageAdapter method, e.g. `saveExecution`. */
  method: string;
  /** The backend's name: `file`, `mongodb`, `memory`, or a custom backend's `name` (`custom` without one). */
  backend: 'file' | 'mongodb' | 'memory' | (string & {});
  /** From the call to its settling, in milliseconds (fractional, from `performance.now()`). */
  durationMs: number;
  bytesRead: number;
  bytesWritten: number;
  outcome: 'ok' | 'error';
  /** With outcome `error`: the StorageError's `code`, or `INTERNAL` for any other error. */
  errorCode?: string;
}

/** How one method's bytes are counted, from its arguments and its result, once it succeeded. */
export interface OperationBytes {
  read?(result: unknown): number;
  written?(args: ArrayLike<unknown>): number;
}

type AsyncMethod = (this: unknown, ...args: never[]) => Promise<unknown>;

const channel = diagnosticsChannel.channel(OPERATION_CHANNEL);

/**
 * Replaces each method named in `operations` on `prototype` with one that publishes an
 * OperationEvent per call. Without a subscriber the replacement costs one boolean check: it calls
 * the original at once, reading no clock and allocating nothing (it forwards `arguments`).
 */
export function observeOperations<T extends object>(prototype: T, backendOf: (adapter: T) => string, operations: { [name: string]: OperationBytes }): void {
  const methods = prototype as unknown as Record<string, AsyncMethod>;
  for (const [method, bytes] of Object.entries(operations)) {
    const original = methods[method];
    if (typeof original !== 'function') throw new TypeError(`observeOperations: no method ${method}`);
    const observed = function (this: T): Promise<unknown> {
      // eslint-disable-next-line prefer-rest-params -- forwarding `arguments` allocates no array
      if (!channel.hasSubscribers) return original.apply(this, arguments as never);
      // eslint-disable-next-line prefer-rest-params
      return observe(this, method, bytes, backendOf, original, arguments);
    };
    Object.defineProperty(observed, 'name', { value: method });
    Object.defineProperty(prototype, method, { value: observed, writable: true, configurable: true, enumerable: false });
  }
}

function observe<T>(adapter: T, method: string, bytes: OperationBytes, backendOf: (adapter: T) => string, original: AsyncMethod, args: IArguments): Promise<unknown> {
  const start = performance.now();
  const failed = (error: unknown): void => {
    channel.publish({
      method,
      backend: backendOf(adapter),
      durationMs: performance.now() - start,
      bytesRead: 0,
      bytesWritten: 0,
      outcome: 'error',
      errorCode: error instanceof StorageError ? error.code : 'INTERNAL',
    } satisfies OperationEvent);
  };
  let pending: Promise<unknown>;
  try {
    pending = original.apply(adapter, args as never);
  } catch (error) {
    failed(error);
    throw error;
  }
  return pending.then(
    (result) => {
      const durationMs = performance.now() - start;
      if (channel.hasSubscribers) {
        channel.publish({
          method,
          backend: backendOf(adapter),
          durationMs,
          bytesRead: count(() => bytes.read?.(result)),
          bytesWritten: count(() => bytes.written?.(args)),
          outcome: 'ok',
        } satisfies OperationEvent);
      }
      return result;
    },
    (error: unknown) => {
      if (channel.hasSubscribers) failed(error);
      throw error;
    },
  );
}

/** A count that cannot fail the call it describes (e.g. a record changed into garbage after it was saved). */
function count(measure: () => number | undefined): number {
  try {
    return measure() ?? 0;
  } catch {
    return 0;
  }
}

const utf8 = (text: string): number => Buffer.byteLength(text, 'utf8');

/** The UTF-8 length of the program's stored document as JSON text. */
export function programBytes(program: unknown): number {
  return program === null || program === undefined ? 0 : utf8(JSON.stringify(programToDocument(program as Program)));
}

/** The UTF-8 length of the execution's stored document as JSON text. */
export function executionBytes(execution: unknown): number {
  return execution === null || execution === undefined ? 0 : utf8(JSON.stringify(executionToDocument(execution as Execution)));
}

/** The UTF-8 length of the lines as a JSON array; 0 for none. */
export function linesBytes(lines: unknown): number {
  return Array.isArray(lines) && lines.length > 0 ? utf8(JSON.stringify(lines)) : 0;
}

const sumOf =
  (each: (record: unknown) => number) =>
  (records: unknown): number => {
    let total = 0;
    if (Array.isArray(records)) for (const record of records) total += each(record);
    return total;
  };

const idBytes = (id: unknown): number => (typeof id === 'string' ? utf8(id) : 0);

/**
 * How the StorageAdapter methods count bytes. Adding an operation to the adapter is one line here;
 * `satisfies` in the adapter makes a missing one a type error.
 */
export const STORAGE_OPERATION_BYTES = {
  connect: {},
  disconnect: {},
  saveProgram: { written: (args) => programBytes(args[0]) },
  createProgram: { written: (args) => programBytes(args[0]) },
  getProgram: { read: programBytes },
  listPrograms: { read: sumOf(programBytes) },
  queryPrograms: { read: (page) => sumOf(programBytes)((page as { programs?: unknown } | null)?.programs) },
  deleteProgram: {},
  saveExecution: { written: (args) => executionBytes(args[0]) },
  createExecution: { written: (args) => executionBytes(args[0]) },
  getExecution: { read: executionBytes },
  readExecution: { read: (result) => executionBytes((result as { execution?: unknown } | null)?.execution) },
  listExecutionRevisions: {},
  forkExecution: { read: (result) => executionBytes((result as { execution?: unknown } | null)?.execution) },
  listExecutions: { read: sumOf(executionBytes) },
  queryExecutions: { read: (page) => sumOf(executionBytes)((page as { executions?: unknown } | null)?.executions) },
  pruneExecutions: {},
  deleteExecution: {},
  appendOutput: { written: (args) => linesBytes(args[1]) },
  getOutput: { read: linesBytes },
  getOutputLength: {},
  getCurrentExecutionId: { read: idBytes },
  setCurrentExecutionId: { written: (args) => idBytes(args[0]) },
} satisfies Record<string, OperationBytes>;
