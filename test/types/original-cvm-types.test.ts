/**
 * Type-level: code written against the original CVM storage compiles against this package. The
 * fixtures in ./fixtures are compiled here as programs of their own (a registration in
 * StorageTypes applies to the whole program it is in), with `@cvm/types` mapped to a copy of the
 * original's record types and `@cvm/storage` to this package's source.
 */
import path from 'node:path';
import ts from 'typescript';

const FIXTURES = path.join(__dirname, 'fixtures');

function compilerOptions(): ts.CompilerOptions {
  const configPath = path.join(FIXTURES, 'registered', 'tsconfig.json');
  const config = ts.getParsedCommandLineOfConfigFile(configPath, {}, { ...ts.sys, onUnRecoverableConfigFileDiagnostic: (d) => { throw new Error(ts.flattenDiagnosticMessageText(d.messageText, ' ')); } });
  if (config === undefined) throw new Error(`cannot read ${configPath}`);
  return config.options;
}

/** Compiles `files` (paths under ./fixtures) as one program; returns its diagnostics as text, by file. */
function compile(files: string[], previous?: ts.Program): { program: ts.Program; errorsIn: (file: string) => string[]; errorsOutside: (files: string[]) => string[] } {
  const program = ts.createProgram({ rootNames: files.map((file) => path.join(FIXTURES, file)), options: compilerOptions(), oldProgram: previous });
  const errors = ts.getPreEmitDiagnostics(program).map((diagnostic) => {
    const where = diagnostic.file ? `${path.relative(FIXTURES, diagnostic.file.fileName)}: ` : '';
    return `${where}TS${diagnostic.code} ${ts.flattenDiagnosticMessageText(diagnostic.messageText, ' ')}`;
  });
  return {
    program,
    errorsIn: (file) => errors.filter((error) => error.startsWith(`${file}: `)),
    errorsOutside: (fixtures) => errors.filter((error) => !fixtures.some((file) => error.startsWith(`${file}: `))),
  };
}

/*
 * Type-checking the library's source is most of each compile, so the fixtures that register
 * nothing share one program (nothing in them is global), and each test reads its own file's
 * diagnostics, plus none anywhere else; the registration gets a program of its own.
 */
const UNREGISTERED = ['unregistered/memory-storage.ts', 'unregistered/incomplete-storage.ts', 'registered/records-flow.ts'];

describe('code written against the original CVM storage', () => {
  let unregistered: ReturnType<typeof compile> | undefined;
  const withoutRegistration = (): ReturnType<typeof compile> => (unregistered ??= compile(UNREGISTERED));

  it('compiles without a registration: a class implementing the 15-method StorageAdapter, and records read back as the original Execution', () => {
    const { errorsIn, errorsOutside } = withoutRegistration();
    expect(errorsIn('unregistered/memory-storage.ts')).toStrictEqual([]);
    expect(errorsOutside(UNREGISTERED)).toStrictEqual([]);
  }, 120_000);

  it('a class missing one of the 15 methods does not compile (the check above can fail)', () => {
    const errors = withoutRegistration().errorsIn('unregistered/incomplete-storage.ts');
    expect(errors).toHaveLength(1);
    expect(errors[0]).toMatch(/^unregistered\/incomplete-storage\.ts: TS2420 .*getOutput/);
  }, 120_000);

  it('with the one-file registration, the registered pair flows through every method of StorageAdapter and CvmStorage', () => {
    const { errorsIn, errorsOutside } = compile(['registered/cvm-storage-types.ts', 'registered/records-flow.ts'], withoutRegistration().program);
    expect([...errorsIn('registered/records-flow.ts'), ...errorsOutside(['registered/records-flow.ts'])]).toStrictEqual([]);
  }, 120_000);

  it('without the registration the same code does not compile: the registration is what types the records', () => {
    const { errorsIn, errorsOutside } = withoutRegistration();
    const errors = errorsIn('registered/records-flow.ts');
    expect(errors.length).toBeGreaterThan(0);
    expect(errorsOutside(UNREGISTERED)).toStrictEqual([]);
    expect(errors.some((error) => error.includes("not assignable to type 'OpCode'"))).toBe(true);
  }, 120_000);
});
