import { constants as bufferConstants } from 'node:buffer';
import { CorruptRecordError, ValidationError } from '../../errors';

/**
 * The most bytes one execution's output file may hold: 256 MiB. getOutput reads the file into one
 * string, and a string holds at most MAX_STRING_LENGTH UTF-16 units (512 MiB - 24 on 64-bit V8);
 * each UTF-8 byte decodes to at most one unit, so a file within this cap always reads back, with
 * 256 MiB to spare for appends of other processes that race past the cap at the same instant.
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

/** Refuses to read an output file too large to become one string (one written past the cap). */
export function checkOutputReadable(file: string) {
  return (size: number): void => {
    if (size <= bufferConstants.MAX_STRING_LENGTH) return;
    throw new CorruptRecordError(file, `it holds ${size} bytes, more than one string can hold (${bufferConstants.MAX_STRING_LENGTH}); the output cap is ${MAX_OUTPUT_BYTES} bytes`);
  };
}
