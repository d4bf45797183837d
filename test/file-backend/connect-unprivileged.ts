import { spawnSync } from 'node:child_process';
import { chmodSync, chownSync, readdirSync, statSync } from 'node:fs';
import path from 'node:path';
import { FileStorageAdapter, StorageIOError } from '../../src';
import { transpileFolders, type TranspiledFolders } from '../support/transpiled-folders';

/** What a failed connect() threw, as plain data: the same whether it ran here or in a child. */
export interface ConnectFailure {
  name: string;
  code: string;
  location: string;
  operation: string;
  message: string;
}

const NOBODY = 65534;
const REPO = path.resolve(__dirname, '../..');

let library: TranspiledFolders | undefined;

/**
 * The library as plain JavaScript, transpiled once per test file: ts-node would compile it again
 * in every child. Readable by everyone, like the checkout, in case connect() loads a module late.
 */
function transpiledLibrary(): TranspiledFolders {
  if (library === undefined) {
    library = transpileFolders(['src']);
    chmodSync(library.root, 0o755);
  }
  return library;
}

/** Makes `folder` read-only for the user connect() runs as (see connectUnprivileged). */
export function makeReadOnly(folder: string): void {
  chmodSync(folder, 0o555);
}

/** Removes the JavaScript connectUnprivileged() made, if any: call in afterAll. */
export function removeTranspiledLibrary(): void {
  library?.remove();
  library = undefined;
}

/**
 * Connects a FileStorageAdapter to `dataDir` as a user that file permissions bind. Root ignores
 * permission bits, so as root the whole `root` tree is handed to `nobody` (keeping each mode) and
 * connect() runs in a child process that drops to `nobody`; otherwise it runs here. Resolves to the failure,
 * or null when connect() succeeded.
 */
export async function connectUnprivileged(root: string, dataDir: string): Promise<ConnectFailure | null> {
  if (process.getuid?.() !== 0) return connectHere(dataDir);
  chownTree(root, NOBODY);
  chmodSync(root, 0o755);
  // The child loads the code as root, then drops to nobody: the checkout need not be readable by nobody.
  const script = `
    const { FileStorageAdapter } = require('./src/adapters/file-storage-adapter');
    process.setgid(${NOBODY});
    process.setuid(${NOBODY});
    new FileStorageAdapter(${JSON.stringify(dataDir)}).connect().then(
      () => console.log('null'),
      (e) => console.log(JSON.stringify({ name: e.name, code: e.code, location: e.location, operation: e.operation, message: e.message })),
    );`;
  const child = spawnSync(process.execPath, ['-e', script], {
    cwd: transpiledLibrary().root,
    env: { ...process.env, NODE_PATH: path.join(REPO, 'node_modules') },
    encoding: 'utf8',
  });
  if (child.status !== 0) throw new Error(`the unprivileged child failed: ${child.stderr}`);
  return JSON.parse(child.stdout.trim().split('\n').pop()!) as ConnectFailure | null;
}

async function connectHere(dataDir: string): Promise<ConnectFailure | null> {
  try {
    await new FileStorageAdapter(dataDir).connect();
    return null;
  } catch (error) {
    if (!(error instanceof StorageIOError)) throw error;
    const { name, code, location, operation, message } = error;
    return { name, code, location, operation, message };
  }
}

function chownTree(target: string, uid: number): void {
  chownSync(target, uid, uid);
  if (!statSync(target).isDirectory()) return;
  for (const name of readdirSync(target)) chownTree(path.join(target, name), uid);
}
