import 'reflect-metadata';
import { FileStorageAdapter } from '../../src/adapters/file-storage-adapter';

/** Run as its own process: appends a line to an execution's output and moves it on, as a CVM server would while the inspector follows it. */
async function main(dataDir: string, executionId: string, line: string): Promise<void> {
  const adapter = new FileStorageAdapter(dataDir);
  await adapter.connect();
  try {
    await adapter.appendOutput(executionId, [line]);
    const execution = await adapter.getExecution(executionId);
    if (execution === null) throw new Error(`no execution ${executionId}`);
    const next = { ...execution, state: 'COMPLETED' as const, pc: execution.pc + 1, updated: new Date() };
    delete next.ccPrompt;
    await adapter.saveExecution(next);
  } finally {
    await adapter.disconnect();
  }
}

const [dataDir, executionId, line] = process.argv.slice(2);
main(dataDir, executionId, line).then(
  () => process.stdout.write('appended\n'),
  (error: unknown) => {
    process.stderr.write(`${String(error)}\n`);
    process.exitCode = 1;
  },
);
