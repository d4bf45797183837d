/**
 * A writer process of the multi-writer contract. It opens the backend with the harness's adapter
 * module (`open(store)`), then, after the parent writes a line to stdin, resumes the shared
 * execution again and again: read it with its revision, save the next step fenced on it and, if
 * that won, append the step's line fenced on the new revision; after a lost save it tries an
 * append fenced on the old revision, which must be refused. One stdout line per attempt:
 * `won <revision>`, or `lost <revision>` then `refused <revision>`.
 *
 * With role `append` it instead appends `count` numbered lines, one call each, to the execution
 * `append-<writer>`, then prints `appended`.
 *
 * With role `commands` it runs the commands the parent writes to stdin, one a line, and answers
 * each once it resolved: `save <id>` saves that execution (unfenced) as prunedExecution(id, now)
 * and prints `saved <id>`; `current <id>` makes it the current execution and prints `current <id>`.
 *
 * argv: adapterModule store resume writer attempts (0: until killed)
 *       adapterModule store append writer count
 *       adapterModule store commands
 */
import type { CvmStorage } from '../../adapters/storage-adapter';
import { ConflictError } from '../../errors';
import { loadOpen } from './adapter-module';
import { appendedLine, appendingExecutionId, prunedExecution, RESUMED_EXECUTION_ID, resumedExecution, stepLine } from './records';

async function main(): Promise<void> {
  const [adapterModule, store, role, writerText, countText] = process.argv.slice(2);
  const writer = Number(writerText);
  const attempts = Number(countText);
  const adapter = (await loadOpen(adapterModule))(store);
  await adapter.connect();
  process.stdout.write('ready\n');
  if (role === 'commands') return runCommands(adapter);
  await new Promise<void>((resolve) => process.stdin.once('data', () => resolve()));
  process.stdin.pause();
  if (role === 'append') {
    for (let line = 0; line < attempts; line++) await adapter.appendOutput(appendingExecutionId(writer), [appendedLine(writer, line)]);
    process.stdout.write('appended\n');
  }
  for (let attempt = 0; role === 'resume' && (attempts === 0 || attempt < attempts); attempt++) {
    const read = await adapter.readExecution(RESUMED_EXECUTION_ID);
    if (read === null) throw new Error('the shared execution is gone');
    const { revision } = read;
    try {
      await adapter.saveExecution(resumedExecution(revision, writer), { expectedRevision: revision });
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
    try {
      await adapter.appendOutput(RESUMED_EXECUTION_ID, [stepLine(revision, writer)], { expectedRevision: revision + 1 });
    } catch (error) {
      // Another writer may already have moved the execution on: then this step's line is refused too.
      if (!(error instanceof ConflictError)) throw error;
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
  if (command === 'save') await adapter.saveExecution(prunedExecution(id, new Date()));
  else if (command === 'current') await adapter.setCurrentExecutionId(id);
  else if (command !== 'go') throw new Error(`unknown command ${JSON.stringify(line)}`);
  if (command !== 'go') process.stdout.write(`${command === 'save' ? 'saved' : 'current'} ${id}\n`);
}

function fail(error: unknown): never {
  process.stderr.write(`multi-writer worker failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
  process.exit(1);
}

main().catch((error: unknown) => {
  process.stderr.write(`multi-writer worker failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
  process.exit(1);
});
