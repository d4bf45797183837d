import diagnosticsChannel from 'node:diagnostics_channel';

/**
 * The `node:diagnostics_channel` channel a fenced save publishes its phases on, for tests that
 * stop a writer inside one (the multi-writer contract): `read` once it has read the stored
 * revision and found it expected, `write` just before it writes, `written` right after the record
 * is written (before anything else is done about it). A subscriber runs synchronously
 * at that point; with none, publishing costs a property read.
 */
export const FENCED_SAVE_CHANNEL = 'cvm-storage:fenced-save';

export type FencedSavePhase = 'read' | 'write' | 'written';

const channel = diagnosticsChannel.channel(FENCED_SAVE_CHANNEL);

export function publishFencedSave(phase: FencedSavePhase): void {
  if (channel.hasSubscribers) channel.publish({ phase });
}
