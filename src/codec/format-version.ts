import { CodecError } from './value-codec';

/**
 * The version of the stored format this library writes, into every stored record, output record
 * and setting (under `format`); it reads this version and every earlier one.
 * 1: every record written before versions were stamped (no `format` field).
 * 2: the same layout, with `format: 2`.
 */
export const FORMAT_VERSION = 2;

/** The stored format version of a document; throws CodecError for a newer or unknown one. */
export function readFormatVersion(document: Record<string, unknown>): number {
  const version = document.format;
  if (version === undefined) return 1;
  if (!Number.isInteger(version) || (version as number) < 2) throw new CodecError(`format ${JSON.stringify(version)} is not a format version`);
  if ((version as number) > FORMAT_VERSION) {
    throw new CodecError(`format ${version as number} is newer than this version of @cvm/storage reads (up to ${FORMAT_VERSION}): upgrade it`);
  }
  return version as number;
}
