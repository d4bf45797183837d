/**
 * Run in a fresh child process: requires the package root, then takes the steps of one scenario
 * (argv[2]), and prints after each step which of the packages loaded only where used have loaded, as one JSON line.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';

const HEAVY_PACKAGES = ['typeorm', 'mongodb', 'class-validator', 'proper-lockfile', 'fastest-levenshtein'] as const;

/** Modules of this package loaded only where used: the output range reads, the original package's output reader. */
const LAZY_OWN = ['output-reads', 'original-output'] as const;

function loadedPackages(): string[] {
  const files = Object.keys(require.cache);
  return [
    ...HEAVY_PACKAGES.filter((name) => files.some((file) => file.includes(`${path.sep}node_modules${path.sep}${name}${path.sep}`))),
    ...LAZY_OWN.filter((name) => files.some((file) => file.endsWith(`${path.sep}repositories${path.sep}file${path.sep}${name}.js`))),
  ];
}

const program = { id: 'p1', name: 'n', source: 's', bytecode: [{ op: 'HALT' }], created: new Date(0) };
const execution = { id: 'e1', programId: 'p1', state: 'READY' as const, pc: 0, stack: [], variables: {}, created: new Date(0) };

async function main(scenario: string): Promise<void> {
  const report: Record<string, string[]> = {};
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const root = require('../../../src') as typeof import('../../../src');
  report.import = loadedPackages();
  if (scenario === 'unknown-option') {
    try {
      new root.FileStorageAdapter('unused', { datadir: 'x' } as never);
      throw new Error('an unknown option key was accepted');
    } catch (error) {
      if (!(error instanceof root.ValidationError)) throw error;
    }
    report.refused = loadedPackages();
  } else if (scenario === 'mongodb') {
    const adapter = new root.MongoDBStorageAdapter('mongodb://127.0.0.1:1/x', { serverSelectionTimeoutMS: 200 });
    report.built = loadedPackages();
    await adapter.connect().catch(() => undefined);
    report.connect = loadedPackages();
  } else {
    const dataDir = await mkdtemp(path.join(os.tmpdir(), 'cvm-lazy-loading-'));
    try {
      const adapter = new root.FileStorageAdapter(dataDir, { validation: scenario === 'strict' ? 'strict' : 'compatible' });
      await adapter.connect();
      report.connect = loadedPackages();
      await adapter.saveProgram(program);
      await adapter.saveExecution(execution);
      report.save = loadedPackages();
      await adapter.setCurrentExecutionId(execution.id);
      report.setCurrent = loadedPackages();
      await adapter.appendOutput(execution.id, ['a line']);
      await adapter.getOutput(execution.id);
      report.output = loadedPackages();
      await adapter.getOutput(execution.id, { from: 0, limit: 1 });
      report.range = loadedPackages();
      await adapter.disconnect();
    } finally {
      await rm(dataDir, { recursive: true, force: true });
    }
  }
  process.stdout.write(`${JSON.stringify(report)}\n`);
}

main(process.argv[2]).catch((error: unknown) => {
  process.stderr.write(`${String((error as Error)?.stack ?? error)}\n`);
  process.exitCode = 1;
});
