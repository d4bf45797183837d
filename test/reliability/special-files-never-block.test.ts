import { execFileSync } from 'node:child_process';
import { promises as fs } from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import { useDataFolders, type OpenStore } from './support/data-folders';
import { recordFigures } from './support/figures';
import { expectRefused } from './support/refusals';
import { expectListedWithout } from '../support/damaged-records';

/**
 * A FIFO, a socket, or a link to a device where a record, an output or metadata.json belongs:
 * every call that meets it fails at once with CorruptRecordError naming the path (files are
 * opened O_NONBLOCK | O_NOFOLLOW and checked with fstat), instead of waiting forever for a writer
 * that never comes or reading an endless /dev/zero; other records stay usable. Before the fix
 * these calls never returned, so here they would fail by the test timeout.
 */
const folders = useDataFolders('cvm-special-');
let cases = 0;

afterAll(async () => {
  await recordFigures('specialFiles', { cases });
});

const mkfifo = (file: string): void => {
  execFileSync('mkfifo', [file]);
};

/** A listening Unix socket at `file`, closed by the returned function. */
async function socketAt(file: string): Promise<() => Promise<void>> {
  const server = net.createServer();
  await new Promise<void>((resolve) => server.listen(file, resolve));
  return () => new Promise<void>((resolve) => server.close(() => resolve()));
}

async function stillUsable({ adapter }: OpenStore): Promise<void> {
  expect((await adapter.getExecution('exec-ok'))?.id).toBe('exec-ok');
  await adapter.appendOutput('exec-ok', ['another line']);
  expect(await adapter.getOutput('exec-ok')).toEqual(['good line', 'another line']);
}

describe('special files at record paths are refused, never waited on', () => {
  it('a FIFO at executions/x.json: getExecution refuses it, listExecutions leaves it out and reports it', async () => {
    const store = await folders.seeded();
    const file = path.join(store.dataDir, 'executions', 'x.json');
    mkfifo(file);
    await expectListedWithout(() => store.adapter.listExecutions(), 'x', file);
    await expectRefused(store.adapter.getExecution('x'), file, /a FIFO/);
    await stillUsable(store);
    await store.adapter.disconnect();
    cases += 1;
  });

  it('a FIFO at an output path: appendOutput and getOutput refuse it, and nothing waits on it', async () => {
    const store = await folders.seeded();
    const file = path.join(store.dataDir, 'outputs', 'x.jsonl');
    mkfifo(file);
    await expectRefused(store.adapter.appendOutput('x', ['line']), file, /a FIFO/);
    await expectRefused(store.adapter.getOutput('x'), file, /a FIFO/);
    await stillUsable(store);
    await store.adapter.disconnect();
    cases += 1;
  });

  it('a symbolic link to /dev/zero at a record path: reading refuses it, listing leaves it out and reports it', async () => {
    const store = await folders.seeded();
    const file = path.join(store.dataDir, 'programs', 'zero.json');
    await fs.symlink('/dev/zero', file);
    await expectListedWithout(() => store.adapter.listPrograms(), 'zero', file);
    await expectRefused(store.adapter.getProgram('zero'), file, /symbolic link/);
    const output = path.join(store.dataDir, 'outputs', 'zero.jsonl');
    await fs.symlink('/dev/zero', output);
    await expectRefused(store.adapter.getOutput('zero'), output, /symbolic link/);
    await stillUsable(store);
    await store.adapter.disconnect();
    cases += 1;
  });

  it('a FIFO at metadata.json: the current pointer refuses it', async () => {
    const store = await folders.seeded();
    const file = path.join(store.dataDir, 'metadata.json');
    mkfifo(file);
    await expectRefused(store.adapter.getCurrentExecutionId(), file, /a FIFO/);
    await expectRefused(store.adapter.setCurrentExecutionId('exec-ok'), file, /a FIFO/);
    await store.adapter.disconnect();
    cases += 1;
  });

  it('a Unix socket at an output path and at a record path: refused', async () => {
    const store = await folders.seeded();
    // Socket paths are limited to about 107 bytes, so these ids are short.
    const output = path.join(store.dataDir, 'outputs', 's.jsonl');
    const record = path.join(store.dataDir, 'executions', 's.json');
    const closeOutput = await socketAt(output);
    const closeRecord = await socketAt(record);
    try {
      await expectRefused(store.adapter.appendOutput('s', ['line']), output, /a socket/);
      await expectRefused(store.adapter.getOutput('s'), output, /a socket/);
      await expectRefused(store.adapter.getExecution('s'), record, /a socket/);
      await stillUsable(store);
    } finally {
      await closeOutput();
      await closeRecord();
      await store.adapter.disconnect();
    }
    cases += 1;
  });
});
