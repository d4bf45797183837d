import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import ts from 'typescript';

const REPO = path.resolve(__dirname, '..', '..');

export interface TranspiledFolders {
  /** The temp folder holding the JavaScript, laid out as the repository, with a node_modules link. */
  readonly root: string;
  /** The JavaScript file of a repository path such as `src/testing/multi-writer/index.ts`. */
  file(repositoryPath: string): string;
  remove(): void;
}

/**
 * Transpiles the TypeScript of `folders` (repository paths) to JavaScript once, synchronously, so
 * a test file can require the result while it declares its tests, and the child processes a suite
 * starts run plain JavaScript instead of compiling the library again through ts-node each.
 */
export function transpileFolders(folders: readonly string[]): TranspiledFolders {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'cvm-transpiled-'));
  const config = ts.readConfigFile(path.join(REPO, 'tsconfig.json'), ts.sys.readFile);
  const { options } = ts.parseJsonConfigFileContent(config.config, ts.sys, REPO);
  const compilerOptions: ts.CompilerOptions = { ...options, sourceMap: false, declaration: false, inlineSourceMap: false };
  for (const folder of folders) {
    for (const file of filesIn(path.join(REPO, folder))) {
      const target = path.join(root, path.relative(REPO, file));
      fs.mkdirSync(path.dirname(target), { recursive: true });
      if (file.endsWith('.ts') && !file.endsWith('.d.ts')) {
        const { outputText } = ts.transpileModule(fs.readFileSync(file, 'utf8'), { compilerOptions, fileName: file });
        fs.writeFileSync(target.replace(/\.ts$/, '.js'), outputText);
      } else {
        fs.copyFileSync(file, target);
      }
    }
  }
  fs.symlinkSync(path.join(REPO, 'node_modules'), path.join(root, 'node_modules'), 'dir');
  return {
    root,
    file: (repositoryPath) => path.join(root, repositoryPath.replace(/\.ts$/, '.js')),
    remove: () => fs.rmSync(root, { recursive: true, force: true }),
  };
}

function filesIn(folder: string): string[] {
  return fs.readdirSync(folder, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(folder, entry.name);
    if (entry.isDirectory()) return filesIn(full);
    return entry.isFile() ? [full] : [];
  });
}
