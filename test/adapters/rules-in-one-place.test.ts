import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';

const SRC = path.join(__dirname, '..', '..', 'src');

function sourcesUnder(folder: string): string[] {
  if (!existsSync(folder)) return [];
  return readdirSync(folder, { recursive: true, encoding: 'utf8' })
    .filter((name) => name.endsWith('.ts'))
    .map((name) => path.join(folder, name));
}

/** The checks a call goes through before it reaches a backend, each by the name it is called by. */
const RULES = ['NotConnectedError(', 'assertValidId(', 'validateProgram(', 'validateExecution(', 'validateOutputLines(', 'validateOutputRange(', 'saveOptionsOf(', 'appendOptionsOf('];

/** Where a stored record is read or written: the adapter's rules must not be applied again there. */
const BACKEND_SOURCES = [
  ...sourcesUnder(path.join(SRC, 'repositories', 'file')),
  ...sourcesUnder(path.join(SRC, 'repositories', 'mongodb')),
  ...readdirSync(path.join(SRC, 'repositories'))
    .filter((name) => name.endsWith('.ts'))
    .map((name) => path.join(SRC, 'repositories', name)),
];

describe('the adapter holds the rules; backend repositories only read and write', () => {
  it('finds the backend sources', () => {
    expect(BACKEND_SOURCES.some((file) => file.endsWith('file-record-repository.ts'))).toBe(true);
    expect(BACKEND_SOURCES.some((file) => file.endsWith('mongodb-record-repository.ts'))).toBe(true);
  });

  it.each(RULES)('%s is applied by the adapter, not by a repository', (rule) => {
    const applied = BACKEND_SOURCES.filter((file) => readFileSync(file, 'utf8').includes(rule)).map((file) => path.relative(SRC, file));
    // The MongoDB connection refuses only what has no client to run on (nothing to talk to).
    const allowed = rule === 'NotConnectedError(' ? applied.filter((file) => !/mongodb[\\/]mongodb-connection\.ts$/.test(file)) : applied;
    expect(allowed).toStrictEqual([]);
    expect(readFileSync(path.join(SRC, 'adapters', 'repository-storage-adapter.ts'), 'utf8')).toContain(rule);
  });

  it('no handshake tells a repository that a record was validated already', () => {
    expect(existsSync(path.join(SRC, 'validation', 'validated-copies.ts'))).toBe(false);
    for (const file of BACKEND_SOURCES) expect(readFileSync(file, 'utf8')).not.toMatch(/takeValidated|markValidated/);
  });
});
