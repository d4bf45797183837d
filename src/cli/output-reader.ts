import { MongoDBStorageAdapter } from '../adapters/mongodb-storage-adapter';
import type { CvmStorage } from '../adapters/storage-adapter';
import { decodeText } from '../codec/text-codec';
import { OutputChunk } from '../entities';
import { CorruptRecordError } from '../errors';
import { unlessDamaged } from '../repositories/damaged-records';
import { checkOriginalLines, ORIGINAL_OUTPUTS } from '../repositories/mongodb/original-store';
import { mapWithConcurrency } from '../util/map-with-concurrency';

/** Executions whose output is read at once: bounds memory, and round trips to MongoDB. */
export const OUTPUT_BATCH = 500;
const FILE_READ_CONCURRENCY = 16;

/**
 * The output of each of `ids`. Through getOutput on the file backend; on MongoDB with one query
 * per batch (`executionId $in`, in seq order), since one query per execution is one round trip
 * (and, on servers without an index for it, one collection scan) each, after the lines of the
 * original package's `outputs` when the database has them. Lines decode as getOutput does. A file
 * output that cannot be read is left out (read as []) and reported (damaged-records.ts).
 */
export async function readOutputs(adapter: Pick<CvmStorage, 'getOutput'>, ids: readonly string[]): Promise<Map<string, string[]>> {
  const outputs = new Map<string, string[]>(ids.map((id) => [id, []]));
  if (!(adapter instanceof MongoDBStorageAdapter)) {
    await mapWithConcurrency(ids, FILE_READ_CONCURRENCY, async (id) => {
      outputs.set(id, (await unlessDamaged(() => adapter.getOutput(id))) ?? []);
    });
    return outputs;
  }
  if (ids.length === 0) return outputs;
  const connection = adapter.connection;
  if (connection.original.outputs) await readOriginalOutputs(adapter, ids, outputs);
  const chunks = await connection.track(() =>
    connection.io('collection output_chunks', 'read', () =>
      connection
        .repository(OutputChunk)
        .createCursor({ executionId: { $in: [...ids] } })
        .sort({ executionId: 1, seq: 1 })
        .project({ _id: 0, executionId: 1, seq: 1, lines: 1 })
        .toArray(),
    ),
  );
  for (const chunk of chunks as { executionId: string; seq?: unknown; lines?: unknown }[]) {
    const where = `collection output_chunks, executionId ${JSON.stringify(chunk.executionId)}`;
    if (!Array.isArray(chunk.lines)) throw new CorruptRecordError(where, `the chunk with seq ${String(chunk.seq)} has no array of lines`);
    const lines = outputs.get(chunk.executionId);
    if (lines === undefined) continue;
    for (const line of chunk.lines as unknown[]) lines.push(typeof line === 'string' ? line : decodeLine(line, where));
  }
  return outputs;
}

async function readOriginalOutputs(adapter: MongoDBStorageAdapter, ids: readonly string[], outputs: Map<string, string[]>): Promise<void> {
  const connection = adapter.connection;
  const documents = await connection.track(() =>
    connection.io(`collection ${ORIGINAL_OUTPUTS}`, 'read', () =>
      connection.source.mongoManager.mongoQueryRunner
        .cursor(ORIGINAL_OUTPUTS, { executionId: { $in: [...ids] } })
        .project({ _id: 0, executionId: 1, lines: 1 })
        .toArray(),
    ),
  );
  const seen = new Set<string>();
  for (const document of documents as { executionId: string; lines?: unknown }[]) {
    // The original read the first document of an execution only.
    if (seen.has(document.executionId)) continue;
    seen.add(document.executionId);
    const original = checkOriginalLines(document.lines, document.executionId);
    const lines = outputs.get(document.executionId);
    if (lines !== undefined) for (const line of original) lines.push(line);
  }
}

function decodeLine(line: unknown, where: string): string {
  try {
    return decodeText(line, 'line');
  } catch (error) {
    throw new CorruptRecordError(where, 'a chunk holds a line that is not a string', { cause: error });
  }
}
