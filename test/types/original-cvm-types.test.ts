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

/** Compiles `files` (paths under ./fixtures) as one program; returns its diagnostics as text. */
function compile(files: string[], previous?: ts.Program): { program: ts.Program; errors: string[] } {
  const program = ts.createProgram({ rootNames: files.map((file) => path.join(FIXTURES, file)), options: compilerOptions(), oldProgram: previous });
  const errors = ts.getPreEmitDiagnostics(program).map((diagnostic) => {
    const where = diagnostic.file ? `${path.relative(FIXTURES, diagnostic.file.fileName)}: ` : '';
    return `${where}TS${diagnostic.code} ${ts.flattenDiagnosticMessageText(diagnostic.messageText, ' ')}`;
  });
  return { program, errors };
}

describe('code written against the original CVM storage', () => {
  let last: ts.Program | undefined;
  const run = (files: string[]): string[] => {
    const { program, errors } = compile(files, last);
    last = program;
    return errors;
  };

  it('compiles without a registration: a class implementing the 15-method StorageAdapter, and records read back as the original Execution', () => {
    expect(run(['unregistered/memory-storage.ts'])).toStrictEqual([]);
  }, 120_000);

  it('a class missing one of the 15 methods does not compile (the check above can fail)', () => {
    const errors = run(['unregistered/incomplete-storage.ts']);
    expect(errors).toHaveLength(1);
    expect(errors[0]).toMatch(/^unregistered\/incomplete-storage\.ts: TS2420 .*getOutput/);
  }, 120_000);

  it('with the one-file registration, the registered pair flows through every method of StorageAdapter and CvmStorage', () => {
    expect(run(['registered/cvm-storage-types.ts', 'registered/records-flow.ts'])).toStrictEqual([]);
  }, 120_000);

  it('without the registration the same code does not compile: the registration is what types the records', () => {
    const errors = run(['registered/records-flow.ts']);
    expect(errors.length).toBeGreaterThan(0);
    expect(errors.every((error) => error.startsWith('registered/records-flow.ts: '))).toBe(true);
    expect(errors.some((error) => error.includes("not assignable to type 'OpCode'"))).toBe(true);
  }, 120_000);
});
