import { execFile } from 'node:child_process';
import path from 'node:path';
import { promisify } from 'node:util';

const run = promisify(execFile);
const root = path.resolve(__dirname, '..', '..');
const reporter = path.join(__dirname, 'lazy-loading', 'report-loaded-packages.ts');

/** Which of typeorm, mongodb and class-validator had loaded after each step, in a fresh process. */
async function loadedAfterEachStep(scenario: 'compatible' | 'strict' | 'mongodb'): Promise<Record<string, string[]>> {
  const { stdout } = await run(process.execPath, ['-r', 'ts-node/register/transpile-only', reporter, scenario], {
    cwd: root,
    env: { ...process.env, TS_NODE_PROJECT: path.join(root, 'tsconfig.json') },
    timeout: 60_000,
  });
  return JSON.parse(stdout.trim().split('\n').pop() as string) as Record<string, string[]>;
}

describe('the package loads only what is used', () => {
  // One fresh process per scenario, started together: each compiles the sources on its own.
  let reports: Promise<Record<string, string[]>[]>;
  beforeAll(() => {
    reports = Promise.all([loadedAfterEachStep('compatible'), loadedAfterEachStep('strict'), loadedAfterEachStep('mongodb')]);
  });

  it('the root, a file adapter, its connect and compatible saves load neither typeorm, mongodb nor class-validator', async () => {
    expect((await reports)[0]).toStrictEqual({ import: [], connect: [], save: [] });
  }, 90_000);

  it('a strict save loads class-validator, and only it', async () => {
    expect((await reports)[1]).toStrictEqual({ import: [], connect: [], save: ['class-validator'] });
  }, 90_000);

  it('building a MongoDB adapter loads typeorm, and its connect the mongodb driver', async () => {
    expect((await reports)[2]).toStrictEqual({ import: [], built: ['typeorm'], connect: ['typeorm', 'mongodb'] });
  }, 90_000);
});
