import { promises as fs } from 'node:fs';
import path from 'node:path';
import { FileStorageAdapter } from '../../src';
import { makeLines, random } from '../fixtures';
import { type BenchContext, type ScenarioResult, fileSize, layout, makeLayout, scenarioDir } from '../lib/context';
import { DurableAppender, readAndParse } from '../lib/floor';
import { type PeakMemory, measurePeakMemory } from '../lib/peak-memory';
import { compare } from '../lib/report';
import { interleave, msSince, now } from '../lib/stats';

const LINES = 100_000;
const BATCH = 100;
/** A second, smaller output, to show whether memory grows in proportion to the output. */
const SMALL_LINES = 25_000;
const APPEND_CHUNKS = 5;
const GET_RUNS = 9;
const MEMORY_RUNS = 3;
const EXECUTION_ID = 'output-exec';
const SMALL_ID = 'output-small';

const MB = 1024 * 1024;

/**
 * Append 100,000 lines in batches of 100, then read them back with getOutput. Appends are timed
 * against one O_APPEND write + fdatasync of the same record bytes; getOutput against reading and
 * JSON.parse-ing one file holding the same lines as a JSON array; peak memory of both in a child.
 */
export async function output(ctx: BenchContext): Promise<ScenarioResult> {
  const libraryDir = await scenarioDir(ctx, 'output-library');
  const floorDir = await scenarioDir(ctx, 'output-floor');
  await makeLayout(floorDir);
  const rand = random(11);
  const batches = Array.from({ length: LINES / BATCH }, (_, i) => makeLines(rand, i * BATCH, BATCH));

  const adapter = new FileStorageAdapter(libraryDir);
  await adapter.connect();
  const appender = await DurableAppender.open(layout.output(floorDir, EXECUTION_ID));

  // Library and floor appends alternate call by call (swapping which goes first); a run is a
  // chunk of the batches on each side.
  const perChunk = batches.length / APPEND_CHUNKS;
  const appends = { a: [] as number[], b: [] as number[] };
  const timeCall = async (call: () => Promise<void>): Promise<number> => {
    const start = now();
    await call();
    return msSince(start);
  };
  for (let chunk = 0; chunk < APPEND_CHUNKS; chunk++) {
    let libraryMs = 0;
    let floorMs = 0;
    for (let i = chunk * perChunk; i < (chunk + 1) * perChunk; i++) {
      const library = () => adapter.appendOutput(EXECUTION_ID, batches[i]);
      const floor = () => appender.append(`\n${JSON.stringify(batches[i])}`);
      if (i % 2 === 0) {
        libraryMs += await timeCall(library);
        floorMs += await timeCall(floor);
      } else {
        floorMs += await timeCall(floor);
        libraryMs += await timeCall(library);
      }
    }
    appends.a.push(libraryMs / perChunk);
    appends.b.push(floorMs / perChunk);
  }
  await appender.close();
  for (let i = 0; i < SMALL_LINES / BATCH; i++) await adapter.appendOutput(SMALL_ID, batches[i]);

  const allLines = batches.flat();
  const floorFile = path.join(floorDir, 'output.json');
  const smallFloorFile = path.join(floorDir, 'output-small.json');
  await fs.writeFile(floorFile, JSON.stringify(allLines));
  await fs.writeFile(smallFloorFile, JSON.stringify(allLines.slice(0, SMALL_LINES)));

  let read = 0;
  const gets = await interleave(
    GET_RUNS,
    async () => {
      const start = now();
      read = (await adapter.getOutput(EXECUTION_ID)).length;
      return msSince(start);
    },
    async () => {
      const start = now();
      await readAndParse(floorFile);
      return msSince(start);
    },
  );
  if (read !== LINES) throw new Error(`getOutput returned ${read} lines, expected ${LINES}`);
  await adapter.disconnect();

  const [large, small, largeFloor, smallFloor] = await measurePeakMemory(
    [
      { kind: 'library-output', dataDir: libraryDir, executionId: EXECUTION_ID },
      { kind: 'library-output', dataDir: libraryDir, executionId: SMALL_ID },
      { kind: 'parse-file', file: floorFile },
      { kind: 'parse-file', file: smallFloorFile },
    ],
    MEMORY_RUNS,
  );
  for (const [probes, lines] of [[large, LINES], [small, SMALL_LINES], [largeFloor, LINES], [smallFloor, SMALL_LINES]] as const) {
    for (const probe of probes) {
      if (probe.items !== lines) throw new Error(`memory probe read ${probe.items} lines, expected ${lines}`);
    }
  }

  const outputBytes = await fileSize(layout.output(libraryDir, EXECUTION_ID));
  const smallOutputBytes = await fileSize(layout.output(libraryDir, SMALL_ID));
  const memoryRow = (lines: number, bytes: number, library: PeakMemory[], floor: PeakMemory[]) =>
    compare(
      'Output',
      `getOutput memory, ${lines.toLocaleString('en')} lines`,
      'MB',
      library.map((probe) => probe.allocatedBytes / MB),
      floor.map((probe) => probe.allocatedBytes / MB),
      undefined,
      `output file ${(bytes / MB).toFixed(1)} MB`,
    );
  const perByte = (probes: PeakMemory[], bytes: number) => probes.map((probe) => Math.round((probe.allocatedBytes / bytes) * 100) / 100);
  const retained = (probes: PeakMemory[]) => probes.map((probe) => Math.round((probe.retainedBytes / MB) * 10) / 10);
  const gcs = [large, small, largeFloor, smallFloor].flat().reduce((sum, probe) => sum + probe.gcsDuringCall, 0);

  return {
    rows: [
      compare('Output', `appendOutput, ${BATCH} lines`, 'ms/call', appends.a, appends.b),
      compare('Output', `getOutput, ${LINES.toLocaleString('en')} lines`, 'ms', gets.a, gets.b, 1.5),
      memoryRow(LINES, outputBytes, large, largeFloor),
      memoryRow(SMALL_LINES, smallOutputBytes, small, smallFloor),
    ],
    details: {
      lines: LINES,
      batch: BATCH,
      outputFileBytes: outputBytes,
      floorJsonArrayBytes: await fileSize(floorFile),
      smallOutputFileBytes: smallOutputBytes,
      allocatedPerOutputByte: {
        [`library ${LINES}`]: perByte(large, outputBytes),
        [`floor ${LINES}`]: perByte(largeFloor, outputBytes),
        [`library ${SMALL_LINES}`]: perByte(small, smallOutputBytes),
        [`floor ${SMALL_LINES}`]: perByte(smallFloor, smallOutputBytes),
      },
      retainedMB: {
        [`library ${LINES}`]: retained(large),
        [`floor ${LINES}`]: retained(largeFloor),
        [`library ${SMALL_LINES}`]: retained(small),
        [`floor ${SMALL_LINES}`]: retained(smallFloor),
      },
      garbageCollectionsDuringMemoryProbes: gcs,
    },
  };
}
