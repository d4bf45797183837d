import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { transformSync } from '@swc/core';

const REPO = path.resolve(__dirname, '..', '..');
/** How long a test file waits for another one transpiling the same folder before doing it itself. */
const WAIT_FOR_OTHER_MS = 120_000;

export interface TranspiledFolders {
  /** The temp folder holding the JavaScript, laid out as the repository, with a node_modules link. */
  readonly root: string;
  /** The JavaScript file of a repository path such as `src/testing/multi-writer/index.ts`. */
  file(repositoryPath: string): string;
  remove(): void;
}

/**
 * Transpiles the TypeScript of `folders` (repository paths, none inside another) to JavaScript,
 * synchronously, so a test file can require the result while it declares its tests, and the child
 * processes a suite starts run plain JavaScript instead of compiling the library again through
 * ts-node each. Under jest (CVM_TEST_RUN_FOLDER, set by run-folder-setup.cjs) each folder is
 * transpiled once per run into the run's folder and shared by every test file; remove() then
 * leaves it to the run's teardown. Elsewhere the copy is the caller's own, and remove() removes it.
 */
export function transpileFolders(folders: readonly string[]): TranspiledFolders {
  const shared = process.env.CVM_TEST_RUN_FOLDER;
  const root = shared ?? fs.mkdtempSync(path.join(os.tmpdir(), 'cvm-transpiled-'));
  for (const folder of folders) {
    if (shared) transpileOnce(root, folder);
    else transpileInto(path.join(root, folder), folder);
  }
  try {
    fs.symlinkSync(path.join(REPO, 'node_modules'), path.join(root, 'node_modules'), 'dir');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
  }
  return {
    root,
    file: (repositoryPath) => path.join(root, repositoryPath.replace(/\.ts$/, '.js')),
    remove: () => {
      if (!shared) fs.rmSync(root, { recursive: true, force: true });
    },
  };
}

/**
 * `folder`, transpiled into the shared `root` by whichever test file gets there first: it holds a
 * claim (an atomic mkdir) while it writes into a scratch folder, then renames that into place,
 * so the folder is whole whenever it exists. The others wait for it.
 */
function transpileOnce(root: string, folder: string): void {
  const target = path.join(root, folder);
  const claim = path.join(root, `.claim-${folder.replace(/\//g, '_')}`);
  const started = Date.now();
  while (!fs.existsSync(target)) {
    let claimed = false;
    try {
      fs.mkdirSync(claim);
      claimed = true;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
    }
    if (claimed || Date.now() - started > WAIT_FOR_OTHER_MS) {
      const scratch = fs.mkdtempSync(path.join(root, '.scratch-'));
      try {
        transpileInto(scratch, folder);
      } catch (error) {
        fs.rmSync(scratch, { recursive: true, force: true });
        if (claimed) fs.rmSync(claim, { recursive: true, force: true });
        throw error;
      }
      fs.mkdirSync(path.dirname(target), { recursive: true });
      try {
        fs.renameSync(scratch, target);
      } catch (error) {
        if (!['EEXIST', 'ENOTEMPTY'].includes((error as NodeJS.ErrnoException).code ?? '')) throw error;
        fs.rmSync(scratch, { recursive: true, force: true });
      }
      return;
    }
    Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 20);
  }
}

function transpileInto(target: string, folder: string): void {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const options = require('./swc-options.cjs') as Parameters<typeof transformSync>[1];
  const source = path.join(REPO, folder);
  for (const file of filesIn(source)) {
    const output = path.join(target, path.relative(source, file));
    fs.mkdirSync(path.dirname(output), { recursive: true });
    if (file.endsWith('.ts') && !file.endsWith('.d.ts')) {
      const { code } = transformSync(fs.readFileSync(file, 'utf8'), { ...options, filename: file });
      fs.writeFileSync(output.replace(/\.ts$/, '.js'), code);
    } else {
      fs.copyFileSync(file, output);
    }
  }
}

function filesIn(folder: string): string[] {
  return fs.readdirSync(folder, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(folder, entry.name);
    if (entry.isDirectory()) return filesIn(full);
    return entry.isFile() ? [full] : [];
  });
}
