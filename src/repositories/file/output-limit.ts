import { constants as bufferConstants } from 'node:buffer';
import { CorruptRecordError } from '../../errors';
import { MAX_OUTPUT_BYTES } from '../output-cap';

/** Refuses to read an output file too large to become one string (one written past the cap, MAX_OUTPUT_BYTES). */
export function checkOutputReadable(file: string) {
  return (size: number): void => {
    if (size <= bufferConstants.MAX_STRING_LENGTH) return;
    throw new CorruptRecordError(file, `it holds ${size} bytes, more than one string can hold (${bufferConstants.MAX_STRING_LENGTH}); the output cap is ${MAX_OUTPUT_BYTES} bytes`);
  };
}
