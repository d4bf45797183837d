import type { CvmStorage } from '../../adapters/storage-adapter';
import { InvalidIdError } from '../../errors';
import type { Execution, ExecutionPage } from '../../types';
import { compareCodePoints } from '../../util/order-records';
import { call, expectInvalidId, rejectionOf } from './expectations';
import { refusedIdCases } from './id-cases';
import { at, makeExecution, makeFullExecution, makeProgram } from './records';
import { useSession, type ContractHarness } from './harness';
import { beforeEach, describe, expect, it } from './runner';

/**
 * Ids the original CVM stored as they were, which a file name cannot hold as they are, or which
 * look like the file backend's escapes: each must be one record of its own on every backend.
 */
export const UNUSUAL_IDS: string[] = [
  'a',
  'x'.repeat(200),
  'x'.repeat(201),
  'x'.repeat(1024),
  '\u00e9'.repeat(512),
  '\u{1f600}'.repeat(256),
  'a.b',
  'a:b-c_d',
  '.',
  '..',
  '...',
  '.a',
  'a.',
  'a ',
  ' ',
  'A',
  '0',
  '-',
  'CON',
  'nul.json',
  'COM1',
  'LPT9.txt',
  'x.json',
  '.x.json.99999999.1.tmp',
  'x.json.lock',
  'daily report',
  'daily report-1764000000000',
  'r\u00e9sum\u00e9-1',
  '\u65e5\u672c\u8a9e\u306e\u30d7\u30ed\u30b0\u30e9\u30e0',
  '\u{1f600} emoji',
  'a/b',
  '/etc/passwd',
  '../x',
  '../../../../tmp/escaped',
  'a\\b',
  'C:\\x',
  '..\\x',
  'a\u0000b',
  'line\nbreak',
  '\t\r\u001f\u007f\u0085',
  '%',
  '%2F',
  '%2e%2e%2fx',
  'a%-0000000000000000000000000000000000000000000000000000000000000000',
  '$x',
  '$where',
  '{ "$ne": null }',
  'a.b.c',
  '*?<>|"',
  '\u202eright-to-left',
  '\uff0e\uff0e\uff0fx',
];

function labelOf(id: string): string {
  const shown = JSON.stringify(id);
  return shown.length > 40 ? `${shown.slice(0, 12)}... (${id.length} UTF-16 units)` : shown;
}

async function seed(adapter: CvmStorage): Promise<void> {
  await adapter.saveProgram(makeProgram());
  await adapter.saveExecution(makeFullExecution());
  await adapter.appendOutput('exec-1', ['seeded']);
  await adapter.setCurrentExecutionId('exec-1');
}

async function expectSeededUnchanged(adapter: CvmStorage): Promise<void> {
  expect(await adapter.listPrograms()).toStrictEqual([makeProgram()]);
  expect(await adapter.listExecutions()).toStrictEqual([makeFullExecution()]);
  expect(await adapter.getOutput('exec-1')).toStrictEqual(['seeded']);
  expect(await adapter.getCurrentExecutionId()).toBe('exec-1');
}

/** Stores a program, an execution and one output line under each id, numbered by position. */
async function storeEach(adapter: CvmStorage, ids: readonly string[]): Promise<void> {
  for (const [i, id] of ids.entries()) {
    await adapter.saveProgram(makeProgram({ id, name: `name-${i}`, created: at(10 + i) }));
    await adapter.saveExecution(makeExecution({ id, pc: i, created: at(10 + i) }));
    await adapter.appendOutput(id, [`out-${i}`]);
  }
}

/** Each id reads back what storeEach stored under it. */
async function expectEachReadBack(adapter: CvmStorage, ids: readonly string[]): Promise<void> {
  for (const [i, id] of ids.entries()) {
    expect((await adapter.getProgram(id))?.name).toBe(`name-${i}`);
    expect((await adapter.getExecution(id))?.pc).toBe(i);
    expect(await adapter.getOutput(id)).toStrictEqual([`out-${i}`]);
    expect(await adapter.getOutputLength(id)).toBe(1);
  }
}

export function describeIds(harness: ContractHarness): void {
  describe('ids', () => {
    const session = useSession(harness, { connect: true });

    beforeEach(async () => {
      await seed(session.adapter);
    });

    it.each(refusedIdCases(true))('%s rejects the id %s with InvalidIdError and changes nothing', async (_method, _label, run, id) => {
      await expectInvalidId(() => run(session.adapter, id));
      await expectSeededUnchanged(session.adapter);
      const reopened = await session.reopen();
      await expectSeededUnchanged(reopened);
    });

    it('saveExecution names programId as the invalid field when only programId is bad', async () => {
      const bad = { ...makeExecution(), programId: '' } as Execution;
      const error = await rejectionOf(call(() => session.adapter.saveExecution(bad)));
      expect(error).toBeInstanceOf(InvalidIdError);
      expect((error as InvalidIdError).field).toMatch(/program/i);
    });

    it('an id check comes before the output lines are used', async () => {
      await expectInvalidId(() => session.adapter.appendOutput('', []));
      await expectSeededUnchanged(session.adapter);
    });

    it.each(UNUSUAL_IDS.map((id) => [labelOf(id), id]))(
      'the id %s works with every method',
      async (_label, id) => {
        const { adapter } = session;
        const program = makeProgram({ id, created: at(1) });
        const execution = makeExecution({ id, programId: id, created: at(1) });
        await adapter.saveProgram(program);
        await adapter.saveExecution(execution);
        await adapter.appendOutput(id, ['out']);
        await adapter.setCurrentExecutionId(id);
        expect(await adapter.getProgram(id)).toStrictEqual(program);
        expect(await adapter.getExecution(id)).toStrictEqual(execution);
        expect(await adapter.getOutput(id)).toStrictEqual(['out']);
        expect(await adapter.getCurrentExecutionId()).toBe(id);
        expect(await adapter.listPrograms()).toStrictEqual([makeProgram(), program]);
        expect(await adapter.listExecutions()).toStrictEqual([makeFullExecution(), execution]);

        const reopened = await session.reopen();
        expect(await reopened.getProgram(id)).toStrictEqual(program);
        expect(await reopened.getExecution(id)).toStrictEqual(execution);
        expect(await reopened.getOutput(id)).toStrictEqual(['out']);
        expect(await reopened.getCurrentExecutionId()).toBe(id);

        await reopened.deleteExecution(id);
        await reopened.deleteProgram(id);
        expect(await reopened.getProgram(id)).toBeNull();
        expect(await reopened.getExecution(id)).toBeNull();
        expect(await reopened.getOutput(id)).toStrictEqual([]);
        expect(await reopened.getCurrentExecutionId()).toBeNull();
        expect(await reopened.listPrograms()).toStrictEqual([makeProgram()]);
        expect(await reopened.listExecutions()).toStrictEqual([makeFullExecution()]);
        expect(await reopened.getOutput('exec-1')).toStrictEqual(['seeded']);
      },
    );

    it('ids that differ only in case or punctuation name different records', async () => {
      const { adapter } = session;
      const ids = ['case', 'Case', 'CASE', 'a.b', 'a:b', 'a_b', 'a-b'];
      await storeEach(adapter, ids);
      const reopened = await session.reopen();
      await expectEachReadBack(reopened, ids);
      expect(await reopened.listPrograms()).toHaveLength(ids.length + 1);
      expect(await reopened.listExecutions()).toHaveLength(ids.length + 1);
    });

    it('unusual ids page through queries, cursors and prune in (created, code point) order', async () => {
      const { adapter } = session;
      // U+E000 to U+FFFF sort before the astral planes by code point (MongoDB's order, and the file
      // backend's) but after them by UTF-16 unit; the test stand-in's range filters compare units.
      const ids = UNUSUAL_IDS.filter((id) => !/[\uE000-\uFFFF]/.test(id));
      const program = '\u{1f600} program/../%2F';
      await adapter.saveProgram(makeProgram({ id: program, created: at(5) }));
      for (const id of ids) await adapter.saveExecution(makeExecution({ id, programId: program, created: at(5), state: 'COMPLETED' }));
      const expected = [...ids].sort(compareCodePoints);
      expect((await adapter.listExecutions()).map((e) => e.id)).toStrictEqual(['exec-1', ...expected]);

      const paged: string[] = [];
      let after: string | null = null;
      do {
        const page: ExecutionPage<Execution> = await adapter.queryExecutions({ programId: program, limit: 7, after });
        paged.push(...page.executions.map((e) => e.id));
        after = page.next;
      } while (after !== null);
      expect(paged).toStrictEqual(expected);
      expect((await adapter.queryPrograms({ limit: 1, after: (await adapter.queryPrograms({ limit: 1 })).next })).programs.map((p) => p.id)).toStrictEqual([program]);

      expect((await adapter.pruneExecutions({ olderThan: at(6), states: ['COMPLETED'], dryRun: true, batchSize: 5 })).ids).toStrictEqual(expected);
      await adapter.setCurrentExecutionId(ids[0]);
      const pruned = await adapter.pruneExecutions({ olderThan: at(6), states: ['COMPLETED'], batchSize: 5 });
      expect(pruned.ids).toStrictEqual(expected.filter((id) => id !== ids[0]));
      const reopened = await session.reopen();
      expect((await reopened.listExecutions()).map((e) => e.id)).toStrictEqual(['exec-1', ids[0]]);
      expect(await reopened.getCurrentExecutionId()).toBe(ids[0]);
    });

    it('ids that look like one another or like escapes name different records', async () => {
      const { adapter } = session;
      const ids = ['a/b', 'a%2Fb', 'a%252Fb', 'a\\b', 'a%5Cb', 'a b', 'a%20b', 'r\u00e9sum\u00e9', 're\u0301sume\u0301', 'x'.repeat(300), `${'x'.repeat(300)}y`, `${'x'.repeat(299)}z`];
      await storeEach(adapter, ids);
      const reopened = await session.reopen();
      await expectEachReadBack(reopened, ids);
      expect((await reopened.listPrograms()).map((p) => p.id)).toStrictEqual(['prog-1', ...ids]);
      expect((await reopened.listExecutions()).map((e) => e.id)).toStrictEqual(['exec-1', ...ids]);
    });
  });
}
