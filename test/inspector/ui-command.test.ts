import { spawn, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import { makeTempDir, removeTempDir } from '../support/fixtures/temp-folders';
import { transpileFolders, type TranspiledFolders } from '../support/transpiled-folders';
import { SEEDED, seedInspectorStore } from './seed-inspector-store';

const root = path.resolve(__dirname, '../..');
let library: TranspiledFolders;
let dataDir: string;

beforeAll(async () => {
  library = transpileFolders(['src']);
  dataDir = makeTempDir('cvm-ui-command-');
  await seedInspectorStore(dataDir);
});
afterAll(() => {
  library?.remove();
  if (dataDir) removeTempDir(dataDir);
});

/** `cvm-storage ui` as its own process (the transpiled CLI), with its first line of stdout. */
function startUi(args: string[]): Promise<{ child: ChildProcess; firstLine: string; stderr: () => string }> {
  const child = spawn(process.execPath, [library.file('src/cli/main.ts'), 'ui', ...args], { cwd: root, env: { ...process.env, MONGODB_URL: '', MONGODB_URI: '' } });
  let stdout = '';
  let stderr = '';
  child.stderr?.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  return new Promise((resolve, reject) => {
    child.stdout?.on('data', (chunk: Buffer) => {
      stdout += chunk.toString();
      if (stdout.includes('\n')) resolve({ child, firstLine: stdout.split('\n')[0], stderr: () => stderr });
    });
    child.once('exit', (code) => reject(new Error(`cvm-storage ui exited (${code}) before printing its URL: ${stderr}`)));
  });
}

function exited(child: ChildProcess): Promise<number | null> {
  return new Promise((resolve) => child.once('exit', (code) => resolve(code)));
}

describe('cvm-storage ui', () => {
  it('prints the URL with a random token first, binds 127.0.0.1, refuses requests without the token, and stops on SIGTERM', async () => {
    const { child, firstLine, stderr } = await startUi(['--data-dir', dataDir]);
    const done = exited(child);
    try {
      expect(firstLine).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/\?token=[0-9a-f]{64}$/);
      const url = new URL(firstLine);
      const token = url.searchParams.get('token') as string;
      const base = `${url.origin}/`;
      expect((await fetch(base)).status).toBe(401);
      expect((await fetch(`${base}api/summary`)).status).toBe(401);
      expect((await fetch(`${base}app.js`)).status).toBe(401);
      expect((await fetch(`${base}api/summary?token=${'0'.repeat(64)}`)).status).toBe(401);
      expect((await fetch(`${base}api/summary`, { headers: { authorization: `Bearer ${token.slice(1)}` } })).status).toBe(401);

      const page = await fetch(firstLine);
      expect(page.status).toBe(200);
      expect(page.headers.get('content-security-policy')).toBe(
        "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self'; connect-src 'self'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'",
      );
      expect(page.headers.get('set-cookie')).toBe(`cvm-inspector-token=${token}; HttpOnly; SameSite=Strict; Path=/`);
      expect(await page.text()).not.toMatch(/<script>|<style>|\sstyle=|\son\w+=/);
      const summary = await fetch(`${base}api/summary`, { headers: { cookie: `cvm-inspector-token=${token}` } });
      expect(await summary.json()).toMatchObject({ currentExecutionId: SEEDED.paused, byState: { READY: 1, AWAITING_COGNITIVE_RESULT: 1, COMPLETED: 1 } });
      expect((await fetch(`${base}api/summary?token=${token}`, { method: 'POST' })).status).toBe(405);
      expect(stderr()).toContain(`using the store at ${dataDir}`);
    } finally {
      child.kill('SIGTERM');
    }
    expect(await done).toBe(0);
  }, 60_000);

  it('listens on the port and host given', async () => {
    const probe = await startUi(['--data-dir', dataDir, '--port', '0', '--host', '127.0.0.1']);
    const port = new URL(probe.firstLine).port;
    probe.child.kill('SIGTERM');
    await exited(probe.child);
    const { child, firstLine } = await startUi(['--data-dir', dataDir, '--port', port, '--host', 'localhost']);
    try {
      expect(firstLine).toMatch(new RegExp(`^http://localhost:${port}/\\?token=[0-9a-f]{64}$`));
    } finally {
      child.kill('SIGTERM');
      await exited(child);
    }
  }, 60_000);

  it('refuses a folder that is not a store, and a bad port, before listening', async () => {
    const missing = spawn(process.execPath, [library.file('src/cli/main.ts'), 'ui', '--data-dir', path.join(dataDir, 'nope')], { cwd: root });
    let stdout = '';
    missing.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    expect(await exited(missing)).toBe(2);
    expect(stdout).toBe('');
    const badPort = spawn(process.execPath, [library.file('src/cli/main.ts'), 'ui', '--data-dir', dataDir, '--port', '70000'], { cwd: root });
    let stderr = '';
    badPort.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    expect(await exited(badPort)).toBe(2);
    expect(stderr).toContain('--port must be a whole number from 0 to 65535');
  }, 60_000);
});
