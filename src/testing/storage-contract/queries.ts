import type { CvmStorage } from '../../adapters/storage-adapter';
import { ValidationError } from '../../errors';
import type { Execution, ExecutionQuery } from '../../types';
import { expectNotConnected, expectValidationError } from './expectations';
import { at, makeExecution, makeFullExecution, makeProgram } from './records';
import { useSession, type ContractHarness } from './harness';
import { describe, expect, it } from './runner';

/** Every page of `query`, following `next`, as lists of ids. */
async function pagesOf(adapter: CvmStorage, query: ExecutionQuery): Promise<string[][]> {
  const pages: string[][] = [];
  let after: string | null = query.after ?? null;
  do {
    const page: { executions: Execution[]; next: string | null } = await adapter.queryExecutions({ ...query, after });
    pages.push(page.executions.map((e) => e.id));
    after = page.next;
    if (pages.length > 100) throw new Error('more than 100 pages: next never became null');
  } while (after !== null);
  return pages;
}

/** Seven executions: created out of id order, two sharing a `created`, some with `updated`. */
async function seedExecutions(adapter: CvmStorage): Promise<void> {
  const executions = [
    makeExecution({ id: 'e-g', programId: 'prog-1', state: 'READY', created: at(60) }),
    makeExecution({ id: 'e-a', programId: 'prog-1', state: 'COMPLETED', created: at(0), updated: at(100) }),
    makeExecution({ id: 'e-c', programId: 'prog-2', state: 'ERROR', created: at(20) }),
    makeExecution({ id: 'e-b', programId: 'prog-2', state: 'COMPLETED', created: at(20), updated: at(30) }),
    makeExecution({ id: 'e-d', programId: 'prog-1', state: 'RUNNING', created: at(30), updated: at(500) }),
    makeExecution({ id: 'e-e', programId: 'prog-3', state: 'COMPLETED', created: at(40) }),
    makeExecution({ id: 'e-f', programId: 'prog-1', state: 'AWAITING_COGNITIVE_RESULT', created: at(50), updated: at(55) }),
  ];
  for (const execution of executions) await adapter.saveExecution(execution);
}

const ORDER = ['e-a', 'e-b', 'e-c', 'e-d', 'e-e', 'e-f', 'e-g'];

export function describeQueries(harness: ContractHarness): void {
  describe('queries with cursors', () => {
    const session = useSession(harness, { connect: true });

    it('queryExecutions and queryPrograms on an empty store give an empty last page', async () => {
      expect(await session.adapter.queryExecutions()).toStrictEqual({ executions: [], next: null });
      expect(await session.adapter.queryPrograms({})).toStrictEqual({ programs: [], next: null });
    });

    it('pages through every execution in (created, id) order, as listExecutions orders them', async () => {
      const { adapter } = session;
      await seedExecutions(adapter);
      expect(await pagesOf(adapter, { limit: 3 })).toStrictEqual([ORDER.slice(0, 3), ORDER.slice(3, 6), ORDER.slice(6)]);
      expect((await adapter.listExecutions()).map((e) => e.id)).toStrictEqual(ORDER);
      expect(await pagesOf(adapter, {})).toStrictEqual([ORDER]);
    });

    it('a page that ends exactly at the last execution has next null', async () => {
      await seedExecutions(session.adapter);
      expect(await pagesOf(session.adapter, { limit: 7 })).toStrictEqual([ORDER]);
      expect(await pagesOf(session.adapter, { limit: 1 })).toStrictEqual(ORDER.map((id) => [id]));
    });

    it('returns executions as getExecution does, every field intact', async () => {
      const { adapter } = session;
      const full = makeFullExecution({ id: 'full' });
      await adapter.saveExecution(full);
      const page = await adapter.queryExecutions({ limit: 5 });
      expect(page.executions).toStrictEqual([full]);
      expect(page.executions[0].created).toBeInstanceOf(Date);
    });

    it('next is an opaque string that works on a second adapter on the same store', async () => {
      await seedExecutions(session.adapter);
      const first = await session.adapter.queryExecutions({ limit: 2 });
      expect(typeof first.next).toBe('string');
      const reopened = await session.reopen();
      const second = await reopened.queryExecutions({ limit: 2, after: first.next });
      expect(second.executions.map((e) => e.id)).toStrictEqual(['e-c', 'e-d']);
    });

    it('filters by state (one or a list), by programId, and by both', async () => {
      const { adapter } = session;
      await seedExecutions(adapter);
      expect(await pagesOf(adapter, { state: 'COMPLETED', limit: 2 })).toStrictEqual([['e-a', 'e-b'], ['e-e']]);
      expect(await pagesOf(adapter, { state: ['ERROR', 'RUNNING'] })).toStrictEqual([['e-c', 'e-d']]);
      expect(await pagesOf(adapter, { programId: 'prog-1', limit: 3 })).toStrictEqual([['e-a', 'e-d', 'e-f'], ['e-g']]);
      expect(await pagesOf(adapter, { programId: 'prog-2', state: 'COMPLETED' })).toStrictEqual([['e-b']]);
      expect(await pagesOf(adapter, { programId: 'nobody' })).toStrictEqual([[]]);
    });

    it('updatedBefore and updatedAfter compare updated, else created, both bounds exclusive', async () => {
      const { adapter } = session;
      await seedExecutions(adapter);
      // Last changed: e-a 100, e-b 30, e-c 20, e-d 500, e-e 40, e-f 55, e-g 60.
      expect(await pagesOf(adapter, { updatedBefore: at(40) })).toStrictEqual([['e-b', 'e-c']]);
      expect(await pagesOf(adapter, { updatedAfter: at(55) })).toStrictEqual([['e-a', 'e-d', 'e-g']]);
      expect(await pagesOf(adapter, { updatedAfter: at(30), updatedBefore: at(100), limit: 2 })).toStrictEqual([['e-e', 'e-f'], ['e-g']]);
      expect(await pagesOf(adapter, { updatedAfter: at(30), updatedBefore: at(100), state: 'COMPLETED' })).toStrictEqual([['e-e']]);
      expect(await pagesOf(adapter, { updatedAfter: at(100), updatedBefore: at(100) })).toStrictEqual([[]]);
    });

    it('stays stable while executions are created and deleted between pages', async () => {
      const { adapter } = session;
      await seedExecutions(adapter);
      const first = await adapter.queryExecutions({ limit: 3 });
      expect(first.executions.map((e) => e.id)).toStrictEqual(['e-a', 'e-b', 'e-c']);
      // Before the cursor: never shown. After it: shown in its place. A shown one deleted: nothing moves.
      await adapter.saveExecution(makeExecution({ id: 'e-0', created: at(-10) }));
      await adapter.saveExecution(makeExecution({ id: 'e-bb', created: at(20) }));
      await adapter.saveExecution(makeExecution({ id: 'e-cc', created: at(20) }));
      await adapter.deleteExecution('e-a');
      await adapter.deleteExecution('e-b');
      await adapter.deleteExecution('e-e');
      const rest = await pagesOf(adapter, { limit: 3, after: first.next });
      expect(rest).toStrictEqual([['e-cc', 'e-d', 'e-f'], ['e-g']]);
    });

    it('with no limit gives 100 a page', async () => {
      const { adapter } = session;
      for (let i = 0; i < 101; i++) await adapter.saveExecution(makeExecution({ id: `bulk-${String(i).padStart(3, '0')}`, created: at(i) }));
      const first = await adapter.queryExecutions();
      expect(first.executions).toHaveLength(100);
      expect(first.executions[99].id).toBe('bulk-099');
      const second = await adapter.queryExecutions({ after: first.next });
      expect(second).toMatchObject({ next: null });
      expect(second.executions.map((e) => e.id)).toStrictEqual(['bulk-100']);
    });

    it('queryPrograms pages in (created, id) order and filters by updated, else created', async () => {
      const { adapter } = session;
      await adapter.saveProgram(makeProgram({ id: 'p-c', created: at(10) }));
      await adapter.saveProgram(makeProgram({ id: 'p-a', created: at(10), updated: at(90) }));
      await adapter.saveProgram(makeProgram({ id: 'p-b', created: at(0) }));
      const first = await adapter.queryPrograms({ limit: 2 });
      expect(first.programs.map((p) => p.id)).toStrictEqual(['p-b', 'p-a']);
      expect(first.programs[1]).toStrictEqual(makeProgram({ id: 'p-a', created: at(10), updated: at(90) }));
      const second = await adapter.queryPrograms({ limit: 2, after: first.next });
      expect(second).toStrictEqual({ programs: [makeProgram({ id: 'p-c', created: at(10) })], next: null });
      expect((await adapter.queryPrograms({ updatedBefore: at(50) })).programs.map((p) => p.id)).toStrictEqual(['p-b', 'p-c']);
      expect((await adapter.queryPrograms({ updatedAfter: at(5) })).programs.map((p) => p.id)).toStrictEqual(['p-a', 'p-c']);
    });

    it.each([
      ['limit 0', { limit: 0 }, 'limit'],
      ['limit 1001', { limit: 1001 }, 'limit'],
      ['limit 1.5', { limit: 1.5 }, 'limit'],
      ['limit as text', { limit: '10' }, 'limit'],
      ['a cursor that is not one', { after: 'not-a-cursor' }, 'after'],
      ['a cursor of another shape', { after: Buffer.from('{"v":1}').toString('base64url') }, 'after'],
      ['a cursor that is not text', { after: 42 }, 'after'],
      ['an unknown state', { state: 'SLEEPING' }, 'state'],
      ['an empty list of states', { state: [] }, 'state'],
      ['a programId that is no id', { programId: 'x'.repeat(1025) }, 'programId'],
      ['an empty programId', { programId: '' }, 'programId'],
      ['a programId that is an operator', { programId: { $ne: null } }, 'programId'],
      ['updatedBefore that is text', { updatedBefore: '2024-01-01' }, 'updatedBefore'],
      ['updatedAfter that is an invalid Date', { updatedAfter: new Date(NaN) }, 'updatedAfter'],
      ['an unknown key', { updatedBfore: new Date() }, 'updatedBfore'],
    ] as [string, object, string][])('queryExecutions refuses %s with a ValidationError naming the field', async (_name, query, field) => {
      await expectValidationError(() => session.adapter.queryExecutions(query as ExecutionQuery), field);
    });

    it('queryPrograms refuses the execution filters', async () => {
      await expectValidationError(() => session.adapter.queryPrograms({ state: 'READY' } as object), 'state');
      await expectValidationError(() => session.adapter.queryPrograms({ programId: 'prog-1' } as object), 'programId');
    });
  });

  describe('queries before connect()', () => {
    const session = useSession(harness, { connect: false });

    it('a valid query rejects with NotConnectedError; an invalid one with ValidationError, checked before any I/O', async () => {
      const adapter = await session.create();
      await expectNotConnected(() => adapter.queryExecutions({}));
      await expectNotConnected(() => adapter.queryPrograms());
      await expect(adapter.queryExecutions({ limit: -1 })).rejects.toBeInstanceOf(ValidationError);
      await expect(adapter.queryPrograms({ after: '!' })).rejects.toBeInstanceOf(ValidationError);
    });
  });
}
