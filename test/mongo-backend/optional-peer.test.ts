import { execFile } from 'node:child_process';
import path from 'node:path';
import { promisify } from 'node:util';

const run = promisify(execFile);
const here = path.join(__dirname, 'without-mongodb');
const root = path.resolve(__dirname, '..', '..');

describe('without the optional mongodb package', () => {
  it('the package imports, the file backend works, and the MongoDB backend says what to install', async () => {
    const { stdout } = await run(
      process.execPath,
      ['-r', path.join(here, 'block-mongodb.js'), '-r', 'ts-node/register/transpile-only', path.join(here, 'use-file-backend.ts')],
      { cwd: root, env: { ...process.env, TS_NODE_PROJECT: path.join(root, 'tsconfig.json') }, timeout: 60_000 },
    );
    const report = JSON.parse(stdout.trim().split('\n').pop() as string) as Record<string, unknown>;
    expect(report).toStrictEqual({
      mongodbResolvable: false,
      program: { id: 'p1', name: 'n', source: 's', bytecode: [{ op: 'HALT' }], created: new Date(0).toISOString() },
      output: ['hello'],
      mongoError: {
        name: 'ConnectionError',
        code: 'CONNECTION_FAILED',
        message: expect.stringContaining('npm install mongodb'),
      },
      mongodbLoaded: false,
    });
  }, 90_000);
});
