import { Document } from 'bson';
import { codeNameOf } from './errors';

export interface InjectedFailure {
  code: number;
  errmsg?: string;
  codeName?: string;
  errorLabels?: string[];
  /** Run the command first, then report the failure (an acknowledgement lost after the write happened). */
  afterExecute?: boolean;
  /** Drop the connection instead of replying (the driver sees a network error). */
  closeConnection?: boolean;
}

interface Pending {
  command: string;
  failure: InjectedFailure;
  remaining: number;
}

/** Failures queued by tests with `failNext`, consumed in order by matching commands. */
export class FaultInjector {
  private pending: Pending[] = [];

  add(command: string, failure: InjectedFailure, times: number): void {
    if (times > 0) this.pending.push({ command, failure, remaining: times });
  }

  take(command: string): InjectedFailure | undefined {
    const entry = this.pending.find((candidate) => candidate.command === command);
    if (!entry) return undefined;
    entry.remaining--;
    if (entry.remaining <= 0) this.pending = this.pending.filter((candidate) => candidate !== entry);
    return entry.failure;
  }

  clear(): void {
    this.pending = [];
  }
}

/** Codes a 4.4+ server labels RetryableWriteError (the driver relies on the label, not the code). */
const RETRYABLE_WRITE_CODES = new Set([6, 7, 89, 91, 189, 262, 9001, 10107, 11600, 11602, 13435, 13436]);

function isRetryableWriteAttempt(command: string, body: Document): boolean {
  if (command === 'commitTransaction' || command === 'abortTransaction') return true;
  return body.txnNumber != null && body.autocommit == null;
}

export function failureReply(failure: InjectedFailure, command: string, body: Document): Document {
  const labels = new Set(failure.errorLabels ?? []);
  if (RETRYABLE_WRITE_CODES.has(failure.code) && isRetryableWriteAttempt(command, body)) labels.add('RetryableWriteError');
  return {
    ok: 0,
    errmsg: failure.errmsg ?? `stand-in injected failure for ${command}`,
    code: failure.code,
    codeName: failure.codeName ?? codeNameOf(failure.code),
    ...(labels.size > 0 ? { errorLabels: [...labels] } : {}),
  };
}
