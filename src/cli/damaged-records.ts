import diagnosticsChannel from 'node:diagnostics_channel';
import type { CorruptRecordError } from '../errors';
import { DAMAGED_RECORD_CHANNEL } from '../repositories/damaged-records';
import type { Reporter } from './reporter';

/** A record a command went past because it cannot be decoded. */
export interface DamagedRecord {
  location: string;
  reason: string;
}

/** Runs `work`, collecting every record the lists and queries in it left out as damaged (damaged-records.ts). */
export async function collectDamagedRecords<T>(work: () => Promise<T>): Promise<{ result: T; damaged: DamagedRecord[] }> {
  const damaged: DamagedRecord[] = [];
  const seen = new Set<string>();
  const collect = (message: unknown): void => {
    const error = message as CorruptRecordError;
    if (seen.has(error.location)) return;
    seen.add(error.location);
    damaged.push({ location: error.location, reason: error.message });
  };
  diagnosticsChannel.subscribe(DAMAGED_RECORD_CHANNEL, collect);
  try {
    return { result: await work(), damaged };
  } finally {
    diagnosticsChannel.unsubscribe(DAMAGED_RECORD_CHANNEL, collect);
  }
}

/** Reports each damaged record on standard error, as a failed read is reported, pointing at `check`. */
export async function reportDamaged(reporter: Reporter, damaged: readonly DamagedRecord[]): Promise<void> {
  for (const record of damaged) await reporter.error(`${record.reason} (code CORRUPT_RECORD; left out; run cvm-storage check)`, 'CORRUPT_RECORD');
}
