import { readFormatVersion } from '../../codec/format-version';
import { CodecError } from '../../codec/value-codec';
import { CorruptRecordError } from '../../errors';

/** The format version of a stored document; a newer or unknown one is a CorruptRecordError at `location`. */
export function readStoredFormat(document: Record<string, unknown>, location: string): number {
  try {
    return readFormatVersion(document);
  } catch (error) {
    if (error instanceof CodecError) throw new CorruptRecordError(location, error.message, { cause: error });
    throw error;
  }
}
