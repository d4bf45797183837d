import diagnosticsChannel from 'node:diagnostics_channel';
import { CorruptRecordError } from '../errors';

/**
 * The `node:diagnostics_channel` channel on which a list or query publishes each record it left
 * out because it cannot be decoded: the CorruptRecordError that `get` of that id throws.
 */
export const DAMAGED_RECORD_CHANNEL = 'cvm-storage:damaged-record';

const channel = diagnosticsChannel.channel(DAMAGED_RECORD_CHANNEL);

/**
 * Reads one record for a list or a query page. A record that cannot be decoded is left out (null)
 * and published on DAMAGED_RECORD_CHANNEL, so that one damaged record does not hide every other
 * one; it stays stored as it is, `get` still refuses it with the same error, and
 * `cvm-storage check` reports it. Any other failure (I/O, not connected) rejects as before.
 */
export async function unlessDamaged<T>(read: () => T | Promise<T>): Promise<T | null> {
  try {
    return await read();
  } catch (error) {
    return leftOut(error);
  }
}

/** unlessDamaged for a read that is already in memory (a document a query returned). */
export function decodedUnlessDamaged<T>(decode: () => T): T | null {
  try {
    return decode();
  } catch (error) {
    return leftOut(error);
  }
}

function leftOut(error: unknown): null {
  if (!(error instanceof CorruptRecordError)) throw error;
  if (channel.hasSubscribers) channel.publish(error);
  return null;
}
