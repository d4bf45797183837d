import diagnosticsChannel from 'node:diagnostics_channel';
import { CorruptRecordError } from '../../src/errors';
import { DAMAGED_RECORD_CHANNEL } from '../../src/repositories/damaged-records';

/** Runs `list`, collecting the CorruptRecordErrors it published for records it left out. */
export async function listWithDamaged<T>(list: () => Promise<T[]>): Promise<{ records: T[]; damaged: CorruptRecordError[] }> {
  const damaged: CorruptRecordError[] = [];
  const collect = (message: unknown) => damaged.push(message as CorruptRecordError);
  diagnosticsChannel.subscribe(DAMAGED_RECORD_CHANNEL, collect);
  try {
    return { records: await list(), damaged };
  } finally {
    diagnosticsChannel.unsubscribe(DAMAGED_RECORD_CHANNEL, collect);
  }
}

/** `list` resolves without the record `id` and reports it, once, as a CorruptRecordError whose location contains `location`. */
export async function expectListedWithout(list: () => Promise<{ id: string }[]>, id: string, location: string): Promise<void> {
  const { records, damaged } = await listWithDamaged(list);
  expect(records.map((record) => record.id)).not.toContain(id);
  expect(damaged).toHaveLength(1);
  expect(damaged[0]).toBeInstanceOf(CorruptRecordError);
  expect(damaged[0].location).toContain(location);
}
