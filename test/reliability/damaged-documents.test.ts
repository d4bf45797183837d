import { CorruptRecordError } from '../../src/errors';
import { mongoBackends, type Store } from './support/backends';
import { recordFigures } from './support/figures';
import { validExecution, validProgram } from '../support/fixtures/records';
import { expectListedWithout } from '../support/damaged-records';

/**
 * Damaged MongoDB documents (written behind the adapter's back): the read fails with
 * CorruptRecordError naming the collection and id, list() leaves it out and reports it, and every
 * other record stays readable.
 */
const EPOCH = new Date(Date.UTC(2024, 0, 1));

const DAMAGED_PROGRAMS: [string, Record<string, unknown>][] = [
  ['a name that is a number', { id: 'prog-bad', name: 5, source: '', bytecode: [], created: EPOCH }],
  ['no bytecode', { id: 'prog-bad', name: 'x', source: '', created: EPOCH }],
  ['an instruction without op', { id: 'prog-bad', name: 'x', source: '', bytecode: [{ arg: 1 }], created: EPOCH }],
  // Encoded values are damaged in a stamped document: without `format`, `{ obj: 'x' }` is a plain
  // value of the original package's records (format 0), read as it is.
  ['a broken encoded argument', { format: 2, id: 'prog-bad', name: 'x', source: '', bytecode: [{ op: 'PUSH', arg: { obj: 'x' } }], created: EPOCH }],
  ['an operator-like argument', { format: 2, id: 'prog-bad', name: 'x', source: '', bytecode: [{ op: 'PUSH', arg: { $gt: 1 } }], created: EPOCH }],
  ['an invalid date', { id: 'prog-bad', name: 'x', source: '', bytecode: [], created: 'yesterday' }],
  ['only an id', { id: 'prog-bad' }],
];

const DAMAGED_EXECUTIONS: [string, Record<string, unknown>][] = [
  ['an empty state', { id: 'exec-bad', programId: 'p', state: '', pc: 0, stack: [], variables: {}, created: EPOCH }],
  ['a state that is not a string', { id: 'exec-bad', programId: 'p', state: 1, pc: 0, stack: [], variables: {}, created: EPOCH }],
  ['a pc that is a string', { id: 'exec-bad', programId: 'p', state: 'READY', pc: '0', stack: [], variables: {}, created: EPOCH }],
  ['a stack that is not an array', { id: 'exec-bad', programId: 'p', state: 'READY', pc: 0, stack: { '~0': 1 }, variables: {}, created: EPOCH }],
  ['an unknown special number', { format: 2, id: 'exec-bad', programId: 'p', state: 'READY', pc: 0, stack: [{ num: 'Huge' }], variables: {}, created: EPOCH }],
  ['no created date', { id: 'exec-bad', programId: 'p', state: 'READY', pc: 0, stack: [], variables: {} }],
];

describe.each(mongoBackends())('damaged documents: $name', (backend) => {
  let cases = 0;
  let store: Store;

  beforeAll(() => backend.start());
  afterAll(async () => {
    await backend.stop();
    await recordFigures(`damagedDocuments.${backend.name}`, { cases });
  });

  beforeEach(async () => {
    store = await backend.open();
    await store.adapter.saveProgram(validProgram('prog-ok') as never);
    await store.adapter.saveExecution(validExecution('exec-ok', 'prog-ok') as never);
    await store.adapter.appendOutput('exec-ok', ['good line']);
  });

  async function expectCorrupt(promise: Promise<unknown>, location: string): Promise<void> {
    const error = await promise.then(
      () => new Error('expected CorruptRecordError, but the call succeeded'),
      (caught: unknown) => caught,
    );
    expect(error).toBeInstanceOf(CorruptRecordError);
    expect(error).toMatchObject({ code: 'CORRUPT_RECORD' });
    expect((error as CorruptRecordError).location).toContain(location);
  }

  it.each(DAMAGED_PROGRAMS)('a program with %s: CorruptRecordError naming it; the others stay readable', async (_name, document) => {
    await store.insertRaw!('programs', document);
    await expectCorrupt(store.adapter.getProgram('prog-bad'), 'collection programs, id "prog-bad"');
    await expectListedWithout(() => store.adapter.listPrograms(), 'prog-bad', 'collection programs');
    expect((await store.adapter.getProgram('prog-ok'))?.name).toBe('valid');
    expect((await store.adapter.getExecution('exec-ok'))?.state).toBe('RUNNING');
    cases += 1;
  });

  it.each(DAMAGED_EXECUTIONS)('an execution with %s: CorruptRecordError naming it; the others stay readable', async (_name, document) => {
    await store.insertRaw!('executions', document);
    await expectCorrupt(store.adapter.getExecution('exec-bad'), 'collection executions, id "exec-bad"');
    await expectListedWithout(() => store.adapter.listExecutions(), 'exec-bad', 'collection executions');
    expect((await store.adapter.getExecution('exec-ok'))?.state).toBe('RUNNING');
    expect((await store.adapter.getProgram('prog-ok'))?.name).toBe('valid');
    cases += 1;
  });

  it.each([
    ['lines that are a string', { executionId: 'exec-log', seq: 0, lines: 'x', created: EPOCH }],
    ['lines holding a number', { executionId: 'exec-log', seq: 0, lines: ['x', 1], created: EPOCH }],
    ['no lines', { executionId: 'exec-log', seq: 0, created: EPOCH }],
  ])('an output chunk with %s: CorruptRecordError naming the execution; other output stays readable', async (_name, document) => {
    await store.insertRaw!('output_chunks', document);
    await expectCorrupt(store.adapter.getOutput('exec-log'), 'collection output_chunks, executionId "exec-log"');
    expect(await store.adapter.getOutput('exec-ok')).toEqual(['good line']);
    cases += 1;
  });

  it('a current-execution setting that is not a string: CorruptRecordError; records stay readable', async () => {
    await store.insertRaw!('metadata', { key: 'currentExecutionId', value: { $ne: null } });
    await expectCorrupt(store.adapter.getCurrentExecutionId(), 'metadata');
    expect((await store.adapter.getExecution('exec-ok'))?.state).toBe('RUNNING');
    cases += 1;
  });
});
