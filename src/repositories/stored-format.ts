import { readFormatVersion } from '../codec/format-version';
import { CodecError } from '../codec/value-codec';
import { CorruptRecordError } from '../errors';

/**
 * The format version of a stored document; a newer or unknown one is a CorruptRecordError at
 * `location`, its reason prefixed with `where` (e.g. `line 3`) when given.
 */
export function readStoredFormat(document: Record<string, unknown>, location: string, where?: string): number {
  try {
    return readFormatVersion(document);
  } catch (error) {
    if (error instanceof CodecError) throw new CorruptRecordError(location, where === undefined ? error.message : `${where}: ${error.message}`, { cause: error });
    throw error;
  }
}
