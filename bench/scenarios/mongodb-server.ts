import path from 'node:path';
import { type CommandStartedEvent, MongoClient, type Document } from 'mongodb';
import { DataSource } from 'typeorm';
import { MongoDBStorageAdapter, type Execution } from '../../src';
import { mongoDataSourceOptions } from '../../src/repositories/mongodb/data-source-options';
import { makeExecution, makeLines, random } from '../fixtures';
import type { BenchContext, ScenarioResult } from '../lib/context';
import { measuredRow, notMeasuredRow, type Row } from '../lib/report';
import { startServer } from '../lib/secantus';
import { interleave, msSince, now } from '../lib/stats';

const RUNS = 5;
const STEPS = 10;
const OUTPUT_LINES = 100_000;
const OUTPUT_BATCH = 1_000;
const GET_RUNS = 5;
const SCENARIO = 'MongoDB, real server (issue 23)';
const SIZES = [
  { label: '1 KB state', execution: (id: string) => makeExecution(id, 1, 1) },
  { label: '50 KB state', execution: (id: string) => makeExecution(id, 200, 200) },
];
/** Commands the driver sends on its own, not for a call. */
const HOUSEKEEPING = new Set(['hello', 'isMaster', 'ismaster', 'ping', 'buildInfo', 'buildinfo', 'endSessions', 'saslStart', 'saslContinue']);

export const mongoStepMeasure = (size: string): string => `step, ${size}`;
export const MONGO_COMMANDS_MEASURE = 'commands per step';
export const MONGO_OUTPUT_MEASURE = `getOutput of ${OUTPUT_LINES.toLocaleString('en')} lines`;

const withDatabase = (url: string, name: string): string => url.replace(/\/(\?|$)/, `/${name}$1`);

/**
 * Issue 23's MongoDB targets on a real server (see bench/lib/secantus.ts): the library's step
 * (getExecution, appendOutput of 1 to 3 lines, saveExecution, setCurrentExecutionId) against a
 * raw-driver floor writing the same documents with plain findOne / insertOne / replaceOne (no
 * validation, no codec: what the original adapter does), interleaved run by run; the commands
 * each library step sends, counted with the driver's command monitoring; and getOutput of
 * 100,000 lines against a raw find of the same chunk documents.
 */
export async function mongodbServer(ctx: BenchContext): Promise<ScenarioResult> {
  const server = await startServer(path.join(ctx.dir, 'secantus'));
  if (server === null) {
    const reason = 'no server (.servers/venv missing and BENCH_MONGODB_URL not set)';
    return {
      rows: [
        ...SIZES.map((size) => notMeasuredRow(SCENARIO, mongoStepMeasure(size.label), 'ms/step', reason, { target: 1.2 })),
        notMeasuredRow(SCENARIO, MONGO_COMMANDS_MEASURE, 'commands', reason, { target: 5, targetKind: 'absolute' }),
        notMeasuredRow(SCENARIO, MONGO_OUTPUT_MEASURE, 'ms', reason, { target: 1.2 }),
      ],
      details: { server: null },
    };
  }
  const rows: Row[] = [];
  const dataSource = new DataSource({ ...mongoDataSourceOptions({ url: withDatabase(server.url, 'cvm_bench_library') }), monitorCommands: true });
  const client = new MongoClient(server.url);
  let adapter: MongoDBStorageAdapter | undefined;
  try {
    await dataSource.initialize();
    const commands: string[] = [];
    dataSource.mongoManager.mongoQueryRunner.databaseConnection.on('commandStarted', (event: CommandStartedEvent) => {
      if (!HOUSEKEEPING.has(event.commandName)) commands.push(event.commandName);
    });
    adapter = new MongoDBStorageAdapter(dataSource);
    await adapter.connect();
    await client.connect();
    const library = client.db('cvm_bench_library');
    const floor = client.db('cvm_bench_floor');
    await floor.collection('executions').createIndex({ id: 1 }, { unique: true });
    await floor.collection('output_chunks').createIndex({ executionId: 1, seq: 1 }, { unique: true });

    const perStep: number[] = [];
    const byCommand: Record<string, number> = {};
    for (const size of SIZES) {
      const id = `mongo-step-${size.label.replace(/\W+/g, '-')}`;
      await adapter.saveExecution(size.execution(id));
      await adapter.setCurrentExecutionId(id);
      const stored = (await library.collection('executions').findOne({ id }, { projection: { _id: 0 } })) as Document;
      await floor.collection('executions').insertOne({ ...stored });
      const rand = random(9);
      let librarySteps = 0;
      let floorSteps = 0;
      const libraryStep = async (): Promise<void> => {
        const step = librarySteps++;
        const before = commands.length;
        const execution = (await adapter!.getExecution(id)) as Execution;
        await adapter!.appendOutput(id, makeLines(rand, step * 3, 1 + (step % 3)));
        execution.pc = (execution.pc + 1) % 1000;
        execution.stack[execution.stack.length - 1] = `result of step ${step}`;
        execution.updated = new Date();
        await adapter!.saveExecution(execution);
        await adapter!.setCurrentExecutionId(id);
        perStep.push(commands.length - before);
        for (const name of commands.slice(before)) byCommand[name] = (byCommand[name] ?? 0) + 1;
      };
      let line = 0;
      const floorStep = async (): Promise<void> => {
        const step = floorSteps++;
        const doc = (await floor.collection('executions').findOne({ id }, { projection: { _id: 0 } })) as Document;
        const lines = makeLines(rand, step * 3, 1 + (step % 3));
        await floor.collection('output_chunks').insertOne({ format: 2, executionId: id, seq: step, first: line, end: line + lines.length, lines, created: new Date() });
        line += lines.length;
        doc.pc = (Number(doc.pc) + 1) % 1000;
        doc.updated = new Date();
        await floor.collection('executions').replaceOne({ id }, doc);
        await floor.collection('metadata').replaceOne({ key: 'currentExecutionId' }, { key: 'currentExecutionId', value: id }, { upsert: true });
      };
      await libraryStep();
      await floorStep();
      const samples = await interleave(
        RUNS,
        async () => timeSteps(libraryStep),
        async () => timeSteps(floorStep),
      );
      rows.push(measuredRow(SCENARIO, mongoStepMeasure(size.label), 'ms/step', { library: samples.a, floor: samples.b, target: 1.2, note: 'floor: raw driver findOne, insertOne, replaceOne x2' }));
    }
    rows.push(measuredRow(SCENARIO, MONGO_COMMANDS_MEASURE, 'commands', { library: perStep, target: 5, targetKind: 'absolute', note: `max ${Math.max(...perStep)}; ${Object.entries(byCommand).map(([name, count]) => `${name} ${Math.round((count / perStep.length) * 10) / 10}`).join(', ')} per step` }));

    // getOutput of 100,000 lines: the library's chunks, copied as they are for the floor's raw find.
    const outputId = 'mongo-output';
    const lines = makeLines(random(21), 0, OUTPUT_LINES);
    for (let start = 0; start < OUTPUT_LINES; start += OUTPUT_BATCH) await adapter.appendOutput(outputId, lines.slice(start, start + OUTPUT_BATCH));
    const chunks = await library.collection('output_chunks').find({ executionId: outputId }, { projection: { _id: 0 } }).toArray();
    await floor.collection('output_chunks').insertMany(chunks);
    const gets = await interleave(
      GET_RUNS,
      async () => {
        const start = now();
        const got = await adapter!.getOutput(outputId);
        const ms = msSince(start);
        if (got.length !== OUTPUT_LINES) throw new Error(`getOutput returned ${got.length} lines`);
        return ms;
      },
      async () => {
        const start = now();
        const docs = await floor.collection('output_chunks').find({ executionId: outputId }).sort({ seq: 1 }).toArray();
        const got = docs.flatMap((doc) => doc.lines as string[]);
        const ms = msSince(start);
        if (got.length !== OUTPUT_LINES) throw new Error(`the floor read ${got.length} lines`);
        return ms;
      },
    );
    rows.push(measuredRow(SCENARIO, MONGO_OUTPUT_MEASURE, 'ms', { library: gets.a, floor: gets.b, target: 1.2, note: `${chunks.length} chunks of ${OUTPUT_BATCH} lines; floor: raw find sorted by seq` }));
    return { rows, details: { server: server.label, runs: `${RUNS} runs of ${STEPS} steps per side, interleaved`, commandsPerStep: byCommand } };
  } finally {
    await adapter?.disconnect().catch(() => undefined);
    if (dataSource.isInitialized) await dataSource.destroy().catch(() => undefined);
    await client.close();
    await server.stop();
  }
}

async function timeSteps(step: () => Promise<void>): Promise<number> {
  const start = now();
  for (let i = 0; i < STEPS; i++) await step();
  return msSince(start) / STEPS;
}
