import { ValidationError } from '../errors';

/**
 * The most bytes one execution's output may hold, in encoded bytes: 256 MiB, on the file and memory backends.
 * The file backend reads an output file into one string, which holds at most MAX_STRING_LENGTH
 * UTF-16 units (512 MiB - 24 on 64-bit V8); each UTF-8 byte decodes to at most one unit, so a file
 * within this cap always reads back, with 256 MiB to spare for appends of other processes that
 * race past the cap at the same instant (file/output-limit.ts).
 */
export const MAX_OUTPUT_BYTES = 256 * 1024 * 1024;

/** Refuses, before anything is written, an append that would take the output past the cap. */
export function checkOutputGrowth(executionId: string) {
  return (currentSize: number, appendedBytes: number): void => {
    if (currentSize + appendedBytes <= MAX_OUTPUT_BYTES) return;
    const message =
      `the output of execution ${executionId} holds ${currentSize} bytes; ${appendedBytes} more would pass ` +
      `the limit of ${MAX_OUTPUT_BYTES} bytes (256 MiB) per execution`;
    throw new ValidationError('Output', [{ path: 'lines', constraints: { maxOutputBytes: message } }]);
  };
}
