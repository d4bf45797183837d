import { CodecError } from './value-codec';

/**
 * The version of the stored format this library writes, into every stored record, output record
 * and setting (under `format`); it reads this version and every earlier one.
 * 0: the original CVM storage package's records (no `format` field either; told from format 1 by
 *    their shape, see original-format.ts), read but never written.
 * 1: every record written before versions were stamped (no `format` field).
 * 2: the same layout, with `format: 2`.
 */
export const FORMAT_VERSION = 2;

/**
 * The stored format version of a document, 1 for a document without `format` (which may also be
 * the original's format 0: the record codec tells them apart); throws CodecError for a newer or unknown one.
 */
export function readFormatVersion(document: Record<string, unknown>): number {
  const version = document.format;
  if (version === undefined) return 1;
  if (!Number.isInteger(version) || (version as number) < 2) throw new CodecError(`format ${JSON.stringify(version)} is not a format version`);
  if ((version as number) > FORMAT_VERSION) {
    throw new CodecError(`format ${version as number} is newer than this version of @cvm/storage reads (up to ${FORMAT_VERSION}): upgrade it`);
  }
  return version as number;
}
