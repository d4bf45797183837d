import { FORMAT_VERSION } from '../../codec/format-version';
import { CorruptRecordError } from '../../errors';
import { isPlainObject } from '../../validation/cvm-value-check';
import { readStoredFormat } from '../stored-format';

export type StoredMetadata = Record<string, string | null>;

/** metadata.json from format 2 on; format 1 was the settings object alone. */
export interface SettingsFile {
  format: typeof FORMAT_VERSION;
  settings: StoredMetadata;
}

export function settingsFile(settings: StoredMetadata): SettingsFile {
  return { format: FORMAT_VERSION, settings };
}

/** The settings a parsed metadata.json holds, in any format; a CorruptRecordError names `file` otherwise. */
export function storedMetadataOf(parsed: unknown, file: string): StoredMetadata {
  if (!isPlainObject(parsed)) throw new CorruptRecordError(file, 'expected an object');
  // Format 1 is the settings object itself, whose values are strings or null: a number under
  // `format` can only be a later format's stamp.
  let settings: unknown = parsed;
  if (typeof parsed.format === 'number') {
    readStoredFormat(parsed, file);
    settings = parsed.settings;
  }
  if (!isPlainObject(settings) || !Object.values(settings).every((v) => v === null || typeof v === 'string')) {
    throw new CorruptRecordError(file, 'expected an object of string or null values');
  }
  return settings as StoredMetadata;
}
