/**
 * Run in a child process where `mongodb` cannot be loaded: imports the package, uses the file
 * backend, tries the MongoDB backend, and prints what happened as one JSON line.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { createStorageAdapter, MongoDBStorageAdapter } from '../../../src';

async function main(): Promise<void> {
  const report: Record<string, unknown> = {};
  let mongodbResolvable = true;
  try {
    require.resolve('mongodb');
  } catch {
    mongodbResolvable = false;
  }
  report.mongodbResolvable = mongodbResolvable;
  const dataDir = await mkdtemp(path.join(os.tmpdir(), 'cvm-no-mongodb-'));
  try {
    const storage = await createStorageAdapter({ dataDir });
    await storage.saveProgram({ id: 'p1', name: 'n', source: 's', bytecode: [{ op: 'HALT' }], created: new Date(0) });
    await storage.appendOutput('e1', ['hello']);
    report.program = await storage.getProgram('p1');
    report.output = await storage.getOutput('e1');
    await storage.disconnect();
  } finally {
    await rm(dataDir, { recursive: true, force: true });
  }
  const mongo = new MongoDBStorageAdapter('mongodb://127.0.0.1:1/x', { serverSelectionTimeoutMS: 200 });
  report.mongoError = await mongo.connect().then(
    () => null,
    (error: { name?: string; code?: string; message?: string }) => ({ name: error.name, code: error.code, message: error.message }),
  );
  report.mongodbLoaded = Object.keys(require.cache).some((file) => file.includes(`${path.sep}node_modules${path.sep}mongodb${path.sep}`));
  process.stdout.write(`${JSON.stringify(report)}\n`);
}

main().catch((error: unknown) => {
  process.stderr.write(`${String((error as Error)?.stack ?? error)}\n`);
  process.exitCode = 1;
});
