/**
 * Every ```ts / ```typescript block of README.md and docs/*.md compiles as shown, with
 * `@cvm/storage` and its subpaths mapped to the source (see docs/contributing.md, "Code blocks").
 * A block is either self-contained, compiled here as a virtual file of one shared program, or an
 * excerpt (`// excerpt of <file>`) of a file that tsc compiles, checked here to be in that file.
 */
import path from 'node:path';
import ts from 'typescript';
import { compileBlocks, type BlockProgram } from './compile-blocks';
import { missingFromSource } from './excerpts';
import { ROOT, codeBlocksOf, documentationFiles, excerptSource, isTypeScript, type CodeBlock } from './markdown-blocks';

const blocks = documentationFiles().flatMap((file) => codeBlocksOf(file)).filter(isTypeScript);
const excerpts = blocks.filter((block) => excerptSource(block) !== undefined);
const standalone = blocks.filter((block) => excerptSource(block) === undefined);
/** A registration in StorageTypes applies to its whole program, so each gets a program of its own. */
const registers = (block: CodeBlock): boolean => /declare module '@cvm\/storage'/.test(block.code);
const shared = standalone.filter((block) => !registers(block));
const registering = standalone.filter(registers);

/** Blocks that must fail, compiled with the rest: proof that a diagnostic is reported at its markdown line. */
const SELF_TEST = {
  typeError: { file: 'self-test.md', line: 10, lang: 'ts', code: "import type { Program } from '@cvm/storage';\n\nexport const p: Program = { id: 1 };\n" },
  awaitInCommonJs: { file: 'self-test.md', line: 20, lang: 'ts', code: "import { createStorageAdapter } from '@cvm/storage';\n\nexport const s = await createStorageAdapter();\n" },
  awaitInEsModule: { file: 'self-test.md', line: 30, lang: 'ts', code: "// ES module: top-level await\nimport { createStorageAdapter } from '@cvm/storage';\n\nexport const s = await createStorageAdapter();\n" },
} satisfies Record<string, CodeBlock>;

/** A project's other file: compiles only while `@cvm/types`' Program is the registered one (its `op` is an enum). */
const READS_REGISTERED_TYPES: CodeBlock = {
  file: 'registered-types.md',
  line: 1,
  lang: 'ts',
  code: "import type { Program } from '@cvm/types';\nimport type { CvmStorage } from '@cvm/storage';\n\nexport const read = (storage: CvmStorage): Promise<Program | null> => storage.getProgram('p');\n",
};

const title = (block: CodeBlock): string => `${block.file}:${block.line}`;

describe('TypeScript blocks in README.md and docs/*.md', () => {
  let program: BlockProgram;
  beforeAll(() => {
    program = compileBlocks([...shared, ...Object.values(SELF_TEST)]);
  }, 120_000);

  it('finds the blocks, excerpts among them', () => {
    expect(blocks.length).toBeGreaterThan(30);
    expect(excerpts.length).toBeGreaterThan(5);
    expect(blocks.some((block) => block.file === 'README.md')).toBe(true);
  });

  it('reports a wrong block at its markdown line, and top-level await outside an ES module block', () => {
    expect(program.errorsOf(SELF_TEST.typeError)).toEqual([expect.stringMatching(/^self-test\.md:12: TS2322 /)]);
    expect(program.errorsOf(SELF_TEST.awaitInCommonJs)).toEqual([expect.stringMatching(/^self-test\.md:22: TS1309 /)]);
    expect(program.errorsOf(SELF_TEST.awaitInEsModule)).toEqual([]);
  });

  it.each(shared.map((block) => [title(block), block] as const))('%s compiles', (_title, block) => {
    expect(program.errorsOf(block)).toEqual([]);
  });

  it.each(registering.map((block) => [title(block), block] as const))('%s compiles in a program of its own (it registers record types), with code that relies on the registration', (_title, block) => {
    // `@cvm/types` is the original CVM's types package; the type tests keep a copy of its record types.
    const own = compileBlocks([block, READS_REGISTERED_TYPES], { '@cvm/types': ['test/types/fixtures/original-cvm/index.ts'] }, program.program);
    expect([...own.errorsOf(block), ...own.errorsOf(READS_REGISTERED_TYPES)]).toEqual([]);
  }, 120_000);

  describe('excerpts', () => {
    const compiledByTsc = new Set(ts.getParsedCommandLineOfConfigFile(path.join(ROOT, 'tsconfig.json'), {}, { ...ts.sys, onUnRecoverableConfigFileDiagnostic: () => undefined })?.fileNames.map((file) => path.resolve(file)));

    it.each(excerpts.map((block) => [title(block), excerptSource(block) as string, block] as const))('%s is an excerpt of %s, which tsc compiles', (_title, source, block) => {
      expect(compiledByTsc.has(path.join(ROOT, source))).toBe(true);
      expect(missingFromSource(block, source)).toBeNull();
    });

    it('reports an excerpt that the file does not hold', () => {
      const block = { file: 'self-test.md', line: 1, lang: 'ts', code: '// excerpt of examples/express/app.ts\nexport function createApp(): void {}\n' };
      expect(missingFromSource(block, 'examples/express/app.ts')).toBe('export function createApp(): void {}\n');
    });
  });
});
