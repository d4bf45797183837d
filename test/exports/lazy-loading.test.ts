import { execFile } from 'node:child_process';
import path from 'node:path';
import { promisify } from 'node:util';
import { transpileFolders, type TranspiledFolders } from '../support/transpiled-folders';

const run = promisify(execFile);
const root = path.resolve(__dirname, '..', '..');

/*
 * The library and the reporter as JavaScript transpiled once per run (test/support/transpiled-folders.ts),
 * as the build emits it: under ts-node each process compiled the sources again.
 */
let library: TranspiledFolders;

/** Which of typeorm, mongodb, class-validator, proper-lockfile and fastest-levenshtein had loaded after each step, in a fresh process. */
async function loadedAfterEachStep(scenario: 'compatible' | 'strict' | 'mongodb' | 'unknown-option'): Promise<Record<string, string[]>> {
  const { stdout } = await run(process.execPath, [library.file('test/exports/lazy-loading/report-loaded-packages.ts'), scenario], {
    cwd: root,
    timeout: 60_000,
  });
  return JSON.parse(stdout.trim().split('\n').pop() as string) as Record<string, string[]>;
}

describe('the package loads only what is used', () => {
  afterAll(() => library?.remove());
  // One fresh process per scenario, started together.
  let reports: Promise<Record<string, string[]>[]>;
  beforeAll(() => {
    library = transpileFolders(['src', 'test/exports/lazy-loading']);
    reports = Promise.all([loadedAfterEachStep('compatible'), loadedAfterEachStep('strict'), loadedAfterEachStep('mongodb'), loadedAfterEachStep('unknown-option')]);
  });

  it('the root, a file adapter, its connect and compatible saves load neither typeorm, mongodb, class-validator, the lock package nor the option-name suggestions; a range read loads the range reads', async () => {
    expect((await reports)[0]).toStrictEqual({
      import: [],
      connect: [],
      save: [],
      setCurrent: ['proper-lockfile'],
      output: ['proper-lockfile'],
      range: ['proper-lockfile', 'output-reads'],
    });
  }, 90_000);

  it('a strict save loads class-validator, and only it; changing the current execution, the lock package', async () => {
    expect((await reports)[1]).toMatchObject({ import: [], connect: [], save: ['class-validator'], setCurrent: ['class-validator', 'proper-lockfile'] });
  }, 90_000);

  it('building a MongoDB adapter loads typeorm, and its connect the mongodb driver', async () => {
    expect((await reports)[2]).toStrictEqual({ import: [], built: ['typeorm'], connect: ['typeorm', 'mongodb'] });
  }, 90_000);

  it('an unknown option key loads the option-name suggestions', async () => {
    expect((await reports)[3]).toStrictEqual({ import: [], refused: ['fastest-levenshtein'] });
  }, 90_000);
});
