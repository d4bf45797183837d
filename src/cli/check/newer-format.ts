import { FORMAT_VERSION } from '../../codec/format-version';
import { isPlainObject } from '../../validation/cvm-value-check';

/** The `format` of a stored document written by a newer version of the package; null otherwise. */
export function newerFormatOf(document: unknown): number | null {
  if (!isPlainObject(document)) return null;
  const format = document.format;
  return Number.isInteger(format) && (format as number) > FORMAT_VERSION ? (format as number) : null;
}

export function newerFormatDetail(format: number): string {
  return `written by a newer version (format ${format}; this version reads up to ${FORMAT_VERSION}): upgrade @cvm/storage to read it; --repair leaves it where it is`;
}
