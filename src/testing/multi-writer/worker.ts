/**
 * A writer process of the multi-writer contract. It opens the backend with the harness's adapter
 * module (`open(store)`), then, after the parent writes a line to stdin, resumes the shared
 * execution again and again: read it with its revision, save the next step fenced on it with the
 * step's line as its output (a committed step); after a lost save it tries an append fenced on
 * the old revision, which must be refused. One stdout line per attempt:
 * `won <revision>`, or `lost <revision>` then `refused <revision>`.
 *
 * With role `append` it instead appends `count` numbered lines, one call each, to the execution
 * `append-<writer>`, then prints `appended`.
 *
 * With role `commands` it runs the commands the parent writes to stdin, one a line, and answers
 * each once it resolved: `save <id>` saves that execution (unfenced) as prunedExecution(id, now)
 * and prints `saved <id>`; `run <id>` saves it so but RUNNING and prints `ran <id>`; `delete <id>`
 * deletes it and prints `deleted <id>`; `current <id>` makes it the current execution and prints
 * `current <id>`.
 *
 * With role `stale` it reads the shared execution, prints `read <revision>`, waits for a second
 * stdin line, then tries a save and an append fenced on that revision, printing `save won` or
 * `save conflict`, then `append won` or `append conflict`.
 *
 * With role `paused` it reads the shared execution, then saves the next step fenced on it; when
 * the save reaches `phase` (`read`, `write` or `written`, fenced-save-events.ts) it prints
 * `holding` and blocks, its event loop too, until the file `goFile` exists; then it prints
 * `save won` or `save conflict`. Role `finishing` does the same with a save that also makes the
 * execution COMPLETED; role `unfenced` with a plain saveExecution of the next step and no output
 * (what a CVM server calls; with the history option, the adapter's save is fenced underneath);
 * role `unfenced-again` as `unfenced`, after one plain save of its own first (with the history
 * option the held save is then the one fenced on the revision this writer wrote).
 *
 * The writer opens the store with the options its environment names (openOptionsOf).
 *
 * With role `absent` it stores the executions `absent-0` ... `absent-<count - 1>` only if absent,
 * by createExecution (writer 0) or saveExecution with `expectedRevision: null` (any other
 * writer), printing `stored <n>` or `refused <n>` for each.
 *
 * argv: adapterModule store resume writer attempts (0: until killed)
 *       adapterModule store append writer count
 *       adapterModule store commands
 *       adapterModule store stale writer
 *       adapterModule store absent writer count
 *       adapterModule store paused writer phase goFile
 *       adapterModule store finishing writer phase goFile
 *       adapterModule store unfenced writer phase goFile
 *       adapterModule store unfenced-again writer phase goFile
 */
import diagnosticsChannel from 'node:diagnostics_channel';
import { existsSync, writeSync } from 'node:fs';
import type { CvmStorage } from '../../adapters/storage-adapter';
import type { Execution } from '../../types';
import { FENCED_SAVE_CHANNEL } from '../../repositories/fenced-save-events';
import { AlreadyExistsError, ConflictError } from '../../errors';
import { loadOpen, openOptionsOf } from './adapter-module';
import { absentExecutionId, appendedLine, appendingExecutionId, prunedExecution, RESUMED_EXECUTION_ID, resumedExecution, stepLine } from './records';

async function main(): Promise<void> {
  const [adapterModule, store, role, writerText, countText] = process.argv.slice(2);
  const writer = Number(writerText);
  const attempts = Number(countText);
  const adapter = (await loadOpen(adapterModule))(store, openOptionsOf(process.env));
  await adapter.connect();
  process.stdout.write('ready\n');
  if (role === 'commands') return runCommands(adapter);
  const lines = stdinLines();
  await lines.next();
  if (role === 'stale') await staleWriter(adapter, writer, () => lines.next());
  if (role === 'absent') await storeIfAbsent(adapter, writer, attempts);
  if (role === 'unfenced-again') await saveOnce(adapter, writer);
  if (role === 'paused' || role === 'finishing' || role === 'unfenced' || role === 'unfenced-again') {
    await pausedWriter(adapter, writer, countText, process.argv[7], role === 'finishing' ? 'COMPLETED' : 'RUNNING', role === 'paused' || role === 'finishing');
  }
  if (role === 'tail') {
    const id = appendingExecutionId(writer);
    const length = await adapter.getOutputLength(id);
    const tail = await adapter.getOutput(id, { from: Math.max(0, length - attempts) });
    process.stdout.write(`length ${length}\ntail ${JSON.stringify(tail)}\n`);
  }
  if (role === 'append') {
    for (let line = 0; line < attempts; line++) await adapter.appendOutput(appendingExecutionId(writer), [appendedLine(writer, line)]);
    process.stdout.write('appended\n');
  }
  for (let attempt = 0; role === 'resume' && (attempts === 0 || attempt < attempts); attempt++) {
    const read = await adapter.readExecution(RESUMED_EXECUTION_ID);
    if (read === null) throw new Error('the shared execution is gone');
    const { revision } = read;
    try {
      await adapter.saveExecution(resumedExecution(revision, writer), { expectedRevision: revision, output: [stepLine(revision, writer)] });
    } catch (error) {
      if (!(error instanceof ConflictError)) throw error;
      process.stdout.write(`lost ${revision}\n`);
      let refused = false;
      try {
        await adapter.appendOutput(RESUMED_EXECUTION_ID, [`stale append by ${writer} at ${revision}`], { expectedRevision: revision });
      } catch (refusal) {
        if (!(refusal instanceof ConflictError)) throw new Error(`an append fenced on revision ${revision} failed otherwise than by a conflict`, { cause: refusal });
        refused = true;
      }
      if (!refused) throw new Error(`an append fenced on revision ${revision} was accepted after a save from it lost`, { cause: error });
      process.stdout.write(`refused ${revision}\n`);
      continue;
    }
    process.stdout.write(`won ${revision}\n`);
  }
  await adapter.disconnect();
  process.stdout.write('done\n');
  process.exit(0);
}

async function runCommands(adapter: CvmStorage): Promise<void> {
  let rest = '';
  let done = Promise.resolve();
  process.stdin.on('data', (chunk: Buffer) => {
    const lines = (rest + chunk.toString('utf8')).split('\n');
    rest = lines.pop() ?? '';
    for (const line of lines) done = done.then(() => runCommand(adapter, line)).catch(fail);
  });
  process.stdin.on('end', () => void done.then(() => adapter.disconnect()).then(() => process.exit(0), fail));
}

async function runCommand(adapter: CvmStorage, line: string): Promise<void> {
  const [command, id] = line.split(' ');
  const answers: Record<string, string> = { save: 'saved', run: 'ran', delete: 'deleted', current: 'current' };
  if (command === 'save') await adapter.saveExecution(prunedExecution(id, new Date()));
  else if (command === 'run') await adapter.saveExecution({ ...prunedExecution(id, new Date()), state: 'RUNNING' });
  else if (command === 'delete') await adapter.deleteExecution(id);
  else if (command === 'current') await adapter.setCurrentExecutionId(id);
  else if (command !== 'go') throw new Error(`unknown command ${JSON.stringify(line)}`);
  if (command !== 'go') process.stdout.write(`${answers[command]} ${id}\n`);
}

function fail(error: unknown): never {
  process.stderr.write(`multi-writer worker failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
  process.exit(1);
}

/** The lines the parent writes to stdin, one per next(). */
function stdinLines(): { next(): Promise<void> } {
  let buffered = 0;
  const waiting: Array<() => void> = [];
  process.stdin.on('data', (chunk: Buffer) => {
    for (const char of chunk.toString('utf8')) {
      if (char !== '\n') continue;
      const resume = waiting.shift();
      if (resume === undefined) buffered++;
      else resume();
    }
  });
  return {
    next: () =>
      new Promise<void>((resolve) => {
        if (buffered > 0) {
          buffered--;
          resolve();
        } else waiting.push(resolve);
      }),
  };
}

async function outcomeOf(call: Promise<void>): Promise<'won' | 'conflict'> {
  try {
    await call;
    return 'won';
  } catch (error) {
    if (error instanceof ConflictError) return 'conflict';
    throw error;
  }
}

async function staleWriter(adapter: CvmStorage, writer: number, resume: () => Promise<void>): Promise<void> {
  const read = await adapter.readExecution(RESUMED_EXECUTION_ID);
  if (read === null) throw new Error('the shared execution is gone');
  process.stdout.write(`read ${read.revision}\n`);
  await resume();
  const save = await outcomeOf(adapter.saveExecution(resumedExecution(read.revision, writer), { expectedRevision: read.revision }));
  process.stdout.write(`save ${save}\n`);
  const append = await outcomeOf(adapter.appendOutput(RESUMED_EXECUTION_ID, [stepLine(read.revision, writer)], { expectedRevision: read.revision }));
  process.stdout.write(`append ${append}\n`);
}

async function pausedWriter(adapter: CvmStorage, writer: number, phase: string, goFile: string, state: Execution['state'], fenced: boolean): Promise<void> {
  const read = await adapter.readExecution(RESUMED_EXECUTION_ID);
  if (read === null) throw new Error('the shared execution is gone');
  let held = false;
  const hold = (message: unknown): void => {
    if (held || (message as { phase?: unknown }).phase !== phase) return;
    held = true;
    writeSync(1, 'holding\n');
    const wait = new Int32Array(new SharedArrayBuffer(4));
    while (!existsSync(goFile)) Atomics.wait(wait, 0, 0, 10);
  };
  diagnosticsChannel.subscribe(FENCED_SAVE_CHANNEL, hold);
  const next = { ...resumedExecution(read.revision, writer), state };
  const save = await outcomeOf(fenced ? adapter.saveExecution(next, { expectedRevision: read.revision, output: [stepLine(read.revision, writer)] }) : adapter.saveExecution(next));
  diagnosticsChannel.unsubscribe(FENCED_SAVE_CHANNEL, hold);
  process.stdout.write(`save ${save}\n`);
}

/** A plain save of the next step of the shared execution, printing `saved <revision>` (the revision it replaced). */
async function saveOnce(adapter: CvmStorage, writer: number): Promise<void> {
  const read = await adapter.readExecution(RESUMED_EXECUTION_ID);
  if (read === null) throw new Error('the shared execution is gone');
  await adapter.saveExecution(resumedExecution(read.revision, writer));
  process.stdout.write(`saved ${read.revision}\n`);
}

async function storeIfAbsent(adapter: CvmStorage, writer: number, count: number): Promise<void> {
  for (let n = 0; n < count; n++) {
    const execution = { ...resumedExecution(0, writer), id: absentExecutionId(n) };
    let stored = true;
    try {
      if (writer === 0) await adapter.createExecution(execution);
      else await adapter.saveExecution(execution, { expectedRevision: null });
    } catch (error) {
      if (!(error instanceof AlreadyExistsError) && !(error instanceof ConflictError)) throw error;
      stored = false;
    }
    process.stdout.write(`${stored ? 'stored' : 'refused'} ${n}\n`);
  }
}

main().catch(fail);
