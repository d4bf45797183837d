import type { CvmStorage } from '../../adapters/storage-adapter';
import { InvalidIdError } from '../../errors';
import type { Execution, Program } from '../../types';
import { call, expectInvalidId, rejectionOf } from './expectations';
import { at, makeExecution, makeFullExecution, makeProgram } from './records';
import { useSession, type ContractHarness } from './harness';
import { beforeEach, describe, expect, it } from './runner';

/** [label, id]: each must be refused before it reaches a file name or a query. */
const HOSTILE_IDS: [string, unknown][] = [
  ['../x', '../x'],
  ['..', '..'],
  ['.', '.'],
  ['a/b', 'a/b'],
  ['a\\b', 'a\\b'],
  ['/etc/passwd', '/etc/passwd'],
  ['C:\\x', 'C:\\x'],
  ['a NUL b', 'a\u0000b'],
  ['empty string', ''],
  ['a space', ' '],
  ['201 characters', 'x'.repeat(201)],
  ['{ $ne: null }', { $ne: null }],
  ['{}', {}],
  ['[]', []],
  ['42', 42],
  ['null', null],
  ['undefined', undefined],
  ['%2e%2e%2fx', '%2e%2e%2fx'],
  ['a b', 'a b'],
  ['é', 'é'],
  ['trailing newline', 'abc\n'],
  ['{ $gt: "" }', { $gt: '' }],
  ['a String object', Object('abc') as unknown],
];

type IdMethod = (adapter: CvmStorage, id: unknown) => Promise<unknown>;

/** [method, a call of it with the id in the place under test, whether null is a valid argument]. */
const ID_METHODS: [string, IdMethod, boolean][] = [
  ['getProgram', (a, id) => a.getProgram(id as string), false],
  ['deleteProgram', (a, id) => a.deleteProgram(id as string), false],
  ['getExecution', (a, id) => a.getExecution(id as string), false],
  ['deleteExecution', (a, id) => a.deleteExecution(id as string), false],
  ['appendOutput', (a, id) => a.appendOutput(id as string, ['line']), false],
  ['getOutput', (a, id) => a.getOutput(id as string), false],
  ['getOutput with a range', (a, id) => a.getOutput(id as string, { from: 0, limit: 1 }), false],
  ['getOutputLength', (a, id) => a.getOutputLength(id as string), false],
  ['setCurrentExecutionId', (a, id) => a.setCurrentExecutionId(id as string), true],
  ['saveProgram (id)', (a, id) => a.saveProgram({ ...makeProgram(), id } as unknown as Program), false],
  ['saveExecution (id)', (a, id) => a.saveExecution({ ...makeExecution(), id } as unknown as Execution), false],
  ['saveExecution (programId)', (a, id) => a.saveExecution({ ...makeExecution({ id: 'exec-new' }), programId: id } as unknown as Execution), false],
];

const HOSTILE_CASES = ID_METHODS.flatMap(([method, run, nullAllowed]) =>
  HOSTILE_IDS.filter(([, id]) => !(nullAllowed && id === null)).map(([label, id]) => [method, label, run, id] as const),
);

const VALID_EDGE_IDS = ['a', 'x'.repeat(200), 'a.b', 'a:b-c_d', '...', 'A', '0', '-', '_', ':', '.a', 'a.', 'CON', 'nul.json', 'x.json', '.x.json.99999999.1.tmp'];

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

export function describeIds(harness: ContractHarness): void {
  describe('ids', () => {
    const session = useSession(harness, { connect: true });

    beforeEach(async () => {
      await seed(session.adapter);
    });

    it.each(HOSTILE_CASES)('%s rejects the id %s with InvalidIdError and changes nothing', async (_method, _label, run, id) => {
      await expectInvalidId(() => run(session.adapter, id));
      await expectSeededUnchanged(session.adapter);
      const reopened = await session.reopen();
      await expectSeededUnchanged(reopened);
    });

    it('saveExecution names programId as the invalid field when only programId is bad', async () => {
      const bad = { ...makeExecution(), programId: '../x' } as Execution;
      const error = await rejectionOf(call(() => session.adapter.saveExecution(bad)));
      expect(error).toBeInstanceOf(InvalidIdError);
      expect((error as InvalidIdError).field).toMatch(/program/i);
    });

    it('an id check comes before the output lines are used', async () => {
      await expectInvalidId(() => session.adapter.appendOutput('../x', []));
      await expectSeededUnchanged(session.adapter);
    });

    it.each(VALID_EDGE_IDS.map((id) => [id.length > 20 ? `${id.slice(0, 5)}... (${id.length} chars)` : id, id]))(
      'the valid id %s works with every method',
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
      for (const [i, id] of ids.entries()) {
        await adapter.saveProgram(makeProgram({ id, name: `name-${i}`, created: at(10 + i) }));
        await adapter.saveExecution(makeExecution({ id, pc: i, created: at(10 + i) }));
        await adapter.appendOutput(id, [`out-${i}`]);
      }
      const reopened = await session.reopen();
      for (const [i, id] of ids.entries()) {
        expect((await reopened.getProgram(id))?.name).toBe(`name-${i}`);
        expect((await reopened.getExecution(id))?.pc).toBe(i);
        expect(await reopened.getOutput(id)).toStrictEqual([`out-${i}`]);
      }
      expect(await reopened.listPrograms()).toHaveLength(ids.length + 1);
      expect(await reopened.listExecutions()).toHaveLength(ids.length + 1);
    });
  });
}
