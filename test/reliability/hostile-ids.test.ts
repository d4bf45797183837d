import path from 'node:path';
import { InvalidIdError } from '../../src/errors';
import type { CvmStorage } from '../../src/adapters/storage-adapter';
import { oneBackendPerEncoding, type Store } from './support/backends';
import { recordFigures } from './support/figures';
import { validExecution, validProgram } from '../support/fixtures/records';

/**
 * Ids become file names and query values. Any non-empty string up to 1,024 UTF-8 bytes is an id,
 * as in the original CVM: each hostile string below is a record of its own on every backend, and
 * on the file backend nothing is written outside the record folders, whatever the id. What is no
 * id (not a string, empty, too long, a lone surrogate) is refused with InvalidIdError by every
 * method that takes an id, before anything is read or written.
 */
const TRAVERSAL = [
  '..',
  '.',
  '../x',
  '../../../../etc/passwd',
  '..\\x',
  '..\\..\\windows\\win.ini',
  './x',
  'a/../b',
  'a/b',
  'a\\b',
  'x/',
  '...//',
  '%2e%2e%2f',
  '%2e%2e/',
  '..%2f',
  '%2e%2e%5c',
  '%252e%252e%252f',
  '..%c0%af',
  '%c0%ae%c0%ae/',
  '\uff0e\uff0e\uff0fx', // fullwidth ．．／
  '..\u2215x', // division slash
  '..\u2044x', // fraction slash
  '\u2024\u2024/x', // one dot leader
  '..\u0000/x',
  'x/..',
  '~/x',
  '~',
];
const ABSOLUTE = ['/', '/etc/passwd', '/tmp/x', '\\\\server\\share\\x', '\\\\?\\C:\\x', 'C:\\x', 'C:/x', 'file:///etc/passwd'];
const CONTROL = [' ', ' x', 'x ', 'x\0', '\0', 'x\n', '\r', '\t', 'x;rm -rf', '*', '?', 'x|y', '<x>', '"x"', '$x', 'é', 'x\u202e'];
const LONG = ['x'.repeat(201), 'x'.repeat(1024), '/'.repeat(1024), '..\u0000'.repeat(341)];
const NOT_IDS = ['', 'x'.repeat(1025), '\u00e9'.repeat(513), 'a'.repeat(100_000), '\ud800', 'x\udfff', '\udc00\ud800'];
const NOT_STRINGS: unknown[] = [
  { $ne: null },
  { $gt: '' },
  { $regex: '.*' },
  { $where: 'sleep(1000)' },
  { $exists: true },
  { $in: ['exec-1'] },
  ['exec-1'],
  [],
  {},
  123,
  0,
  NaN,
  null,
  undefined,
  true,
  Symbol('exec-1'),
  10n,
  new String('exec-1'),
  { toString: () => 'exec-1' },
  () => 'exec-1',
  new Date(0),
  Buffer.from('exec-1'),
];

interface HostileId {
  label: string;
  value: unknown;
}

function label(value: unknown): string {
  if (typeof value === 'string') return JSON.stringify(value.length > 40 ? `${value.slice(0, 20)}...(${value.length} chars)` : value);
  if (typeof value === 'symbol' || typeof value === 'bigint' || typeof value === 'function') return `${typeof value} ${String(value).slice(0, 30)}`;
  if (value === undefined) return 'undefined';
  try {
    return `${Object.prototype.toString.call(value)} ${JSON.stringify(value)}`;
  } catch {
    return Object.prototype.toString.call(value);
  }
}

const HOSTILE_IDS: string[] = [...TRAVERSAL, ...ABSOLUTE, ...CONTROL, ...LONG];
const REFUSED_IDS: HostileId[] = [...NOT_IDS, ...NOT_STRINGS].map((value) => ({ label: label(value), value }));

/** The entries of a tree snapshot outside `dataDir` (relative to the snapshot's root). */
function outside(snapshot: Record<string, string>, dataDir: string): Record<string, string> {
  return Object.fromEntries(Object.entries(snapshot).filter(([entry]) => entry !== dataDir && !entry.startsWith(`${dataDir}${path.sep}`)));
}

/** Every adapter method that takes an id, called with `id` in that place. */
const METHODS: { name: string; call(adapter: CvmStorage, id: unknown): Promise<unknown>; skip?: (id: unknown) => boolean }[] = [
  { name: 'saveProgram (id)', call: (a, id) => a.saveProgram({ ...validProgram('x'), id } as never) },
  { name: 'getProgram', call: (a, id) => a.getProgram(id as string) },
  { name: 'deleteProgram', call: (a, id) => a.deleteProgram(id as string) },
  { name: 'saveExecution (id)', call: (a, id) => a.saveExecution({ ...validExecution('x', 'prog-1'), id } as never) },
  { name: 'saveExecution (programId)', call: (a, id) => a.saveExecution({ ...validExecution('exec-1', 'x'), programId: id } as never) },
  { name: 'getExecution', call: (a, id) => a.getExecution(id as string) },
  { name: 'deleteExecution', call: (a, id) => a.deleteExecution(id as string) },
  { name: 'appendOutput', call: (a, id) => a.appendOutput(id as string, ['hostile']) },
  { name: 'getOutput', call: (a, id) => a.getOutput(id as string) },
  // null clears the current execution: it is the one non-id this method accepts.
  { name: 'setCurrentExecutionId', call: (a, id) => a.setCurrentExecutionId(id as string), skip: (id) => id === null },
];

describe.each(oneBackendPerEncoding())('hostile ids: $name', (backend) => {
  let store: Store;
  let before: unknown;
  let calls = 0;
  let notRefused = 0;

  beforeAll(async () => {
    await backend.start();
    store = await backend.open();
    await store.adapter.saveProgram(validProgram('prog-1') as never);
    await store.adapter.saveExecution(validExecution('exec-1', 'prog-1') as never);
    await store.adapter.appendOutput('exec-1', ['first line']);
    await store.adapter.setCurrentExecutionId('exec-1');
    before = await store.snapshot();
  });

  afterAll(async () => {
    await backend.stop();
    await recordFigures(`hostileIds.${backend.name}`, { hostileIds: HOSTILE_IDS.length, refusedIds: REFUSED_IDS.length, methods: METHODS.length, callsRefused: calls, notRefused });
  });

  it.each(METHODS)(`$name refuses all ${REFUSED_IDS.length} values that are no id with InvalidIdError`, async ({ call, skip }) => {
    const wrong: string[] = [];
    for (const { label: shown, value } of REFUSED_IDS) {
      if (skip?.(value)) continue;
      let outcome: unknown;
      try {
        const promise = call(store.adapter, value);
        try {
          await promise;
          outcome = 'succeeded';
        } catch (error) {
          outcome = error;
        }
      } catch (error) {
        outcome = `threw synchronously: ${String(error)}`;
      }
      if (outcome instanceof InvalidIdError && outcome.code === 'INVALID_ID') calls += 1;
      else wrong.push(`${shown}: ${outcome instanceof Error ? `${outcome.name}: ${outcome.message.slice(0, 100)}` : String(outcome)}`);
    }
    notRefused += wrong.length;
    expect(wrong).toEqual([]);
    expect(await store.snapshot()).toEqual(before);
  });

  it(`stores each of ${HOSTILE_IDS.length} hostile ids as a record of its own, writing nothing outside the record folders`, async () => {
    const { adapter } = store;
    const dataDir = store.dataDir === undefined ? undefined : path.relative(path.resolve(store.dataDir, '../../../..'), store.dataDir);
    const around = (snapshot: unknown) => (dataDir === undefined ? {} : outside(snapshot as Record<string, string>, dataDir));
    for (const [i, id] of HOSTILE_IDS.entries()) {
      await adapter.saveProgram({ ...validProgram(id), name: `program ${i}` } as never);
      await adapter.saveExecution({ ...validExecution(id, id), pc: i } as never);
      await adapter.appendOutput(id, [`line ${i}`]);
      await adapter.setCurrentExecutionId(id);
    }
    const during = (await store.snapshot()) as Record<string, string>;
    expect(around(during)).toEqual(around(before));
    if (dataDir !== undefined) {
      for (const entry of Object.keys(during).filter((name) => !(name in (before as object)))) {
        expect(path.dirname(path.dirname(entry))).toBe(dataDir);
        expect(['programs', 'executions', 'outputs']).toContain(path.basename(path.dirname(entry)));
      }
    }
    const reopened = await store.openAnother();
    const listed = new Set((await reopened.listExecutions()).map((execution) => execution.id));
    for (const [i, id] of HOSTILE_IDS.entries()) {
      expect((await reopened.getProgram(id))?.name).toBe(`program ${i}`);
      expect(await reopened.getExecution(id)).toMatchObject({ id, programId: id, pc: i });
      expect(await reopened.getOutput(id)).toEqual([`line ${i}`]);
      expect(listed.has(id)).toBe(true);
    }
    expect(listed.size).toBe(HOSTILE_IDS.length + 1);
    expect((await reopened.listPrograms()).length).toBe(HOSTILE_IDS.length + 1);
    expect(await reopened.getCurrentExecutionId()).toBe(HOSTILE_IDS[HOSTILE_IDS.length - 1]);
    for (const id of HOSTILE_IDS) {
      await reopened.deleteExecution(id);
      await reopened.deleteProgram(id);
    }
    await reopened.setCurrentExecutionId('exec-1');
    expect(around(await store.snapshot())).toEqual(around(before));
    expect((await reopened.listExecutions()).map((execution) => execution.id)).toEqual(['exec-1']);
    expect((await reopened.listPrograms()).map((program) => program.id)).toEqual(['prog-1']);
  });

  it('still serves the stored records afterwards', async () => {
    expect((await store.adapter.getProgram('prog-1'))?.name).toBe('valid');
    expect((await store.adapter.getExecution('exec-1'))?.programId).toBe('prog-1');
    expect(await store.adapter.getOutput('exec-1')).toEqual(['first line']);
    expect(await store.adapter.getCurrentExecutionId()).toBe('exec-1');
  });
});
