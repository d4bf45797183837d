import { readFileSync } from 'node:fs';
import path from 'node:path';
import ts from 'typescript';
import { ROOT, isEsModule, type CodeBlock } from './markdown-blocks';

/**
 * `@cvm/storage` and each subpath of package.json `exports`, mapped to the source file its
 * build target comes from (`./dist/src/file/index.js` -> `src/file/index.ts`).
 */
export function packagePaths(): Record<string, string[]> {
  const manifest = JSON.parse(readFileSync(path.join(ROOT, 'package.json'), 'utf8')) as { name: string; exports: Record<string, string | { default: string }> };
  const paths: Record<string, string[]> = {};
  for (const [subpath, target] of Object.entries(manifest.exports)) {
    const built = typeof target === 'string' ? target : target.default;
    if (!built.startsWith('./dist/')) continue;
    const source = built.replace(/^\.\/dist\//, '').replace(/\.js$/, '.ts');
    paths[subpath === '.' ? manifest.name : `${manifest.name}/${subpath.slice(2)}`] = [source];
  }
  return paths;
}

function compilerOptions(extraPaths: Record<string, string[]>): ts.CompilerOptions {
  const config = ts.getParsedCommandLineOfConfigFile(path.join(ROOT, 'tsconfig.json'), {}, {
    ...ts.sys,
    onUnRecoverableConfigFileDiagnostic: (diagnostic) => {
      throw new Error(ts.flattenDiagnosticMessageText(diagnostic.messageText, ' '));
    },
  });
  if (config === undefined) throw new Error('cannot read tsconfig.json');
  return {
    ...config.options,
    // nodenext: a `.ts` block is CommonJS (the repository's package.json has no "type"), an
    // `// ES module` block is compiled as a `.mts` file, where top-level await is allowed.
    module: ts.ModuleKind.NodeNext,
    moduleResolution: ts.ModuleResolutionKind.NodeNext,
    moduleDetection: ts.ModuleDetectionKind.Force,
    noEmit: true,
    declaration: false,
    sourceMap: false,
    baseUrl: ROOT,
    paths: { ...packagePaths(), ...extraPaths },
  };
}

/** Where a block lives in the program: a file beside this one that exists only in memory. */
export function virtualFileName(block: CodeBlock): string {
  const name = `${block.file.replace(/[/.]/g, '-')}-${block.line}.block.${isEsModule(block) ? 'mts' : 'ts'}`;
  return path.join(__dirname, name);
}

export interface BlockProgram {
  program: ts.Program;
  /** The diagnostics of one block, each as `file:line: TS1234 message` at the markdown line. */
  errorsOf(block: CodeBlock): string[];
}

/**
 * The files of the repository and its dependencies, parsed once for every program here: a program
 * with other `paths` cannot reuse an earlier program's files, and parsing the library and its
 * dependencies' declarations is most of making one.
 */
const parsedFiles = new Map<string, ts.SourceFile | undefined>();

/** One program over the given blocks, each a virtual file; `reuse` lends its parsed files. */
export function compileBlocks(blocks: CodeBlock[], extraPaths: Record<string, string[]> = {}, reuse?: ts.Program): BlockProgram {
  const options = compilerOptions(extraPaths);
  const byName = new Map(blocks.map((block) => [virtualFileName(block), block]));
  const host = ts.createCompilerHost(options);
  const getSourceFile = host.getSourceFile.bind(host);
  host.getSourceFile = (fileName, languageVersion, onError, shouldCreate) => {
    const block = byName.get(path.resolve(fileName));
    if (block) return ts.createSourceFile(fileName, block.code, languageVersion, true);
    // The language version and the module format nodenext gives the file are what its parse depends on.
    const key = `${path.resolve(fileName)}\0${JSON.stringify(languageVersion)}`;
    if (!parsedFiles.has(key)) parsedFiles.set(key, getSourceFile(fileName, languageVersion, onError, shouldCreate));
    return parsedFiles.get(key);
  };
  const fileExists = host.fileExists.bind(host);
  host.fileExists = (fileName) => byName.has(path.resolve(fileName)) || fileExists(fileName);
  const readFile = host.readFile.bind(host);
  host.readFile = (fileName) => byName.get(path.resolve(fileName))?.code ?? readFile(fileName);
  const program = ts.createProgram({ rootNames: [...byName.keys()], options, host, oldProgram: reuse });
  const global = program.getOptionsDiagnostics().map((diagnostic) => ts.flattenDiagnosticMessageText(diagnostic.messageText, ' '));
  if (global.length > 0) throw new Error(`compiler options: ${global.join('; ')}`);
  return {
    program,
    errorsOf(block) {
      const file = program.getSourceFile(virtualFileName(block));
      if (file === undefined) return [`${block.file}:${block.line}: not in the program`];
      return [...program.getSyntacticDiagnostics(file), ...program.getSemanticDiagnostics(file)].map((diagnostic) => {
        const line = diagnostic.start === undefined ? 0 : file.getLineAndCharacterOfPosition(diagnostic.start).line;
        return `${block.file}:${block.line + line}: TS${diagnostic.code} ${ts.flattenDiagnosticMessageText(diagnostic.messageText, ' ')}`;
      });
    },
  };
}
