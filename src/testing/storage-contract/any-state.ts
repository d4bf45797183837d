import type { Execution } from '../../types';
import { LIMITS } from '../../validation/limits';
import { expectValidationError } from './expectations';
import { at, makeExecution } from './records';
import { useSession, type ContractHarness } from './harness';
import { describe, expect, it } from './runner';

/** An execution in a state the CVM does not name, as an original CVM spec saves it. */
function inState(state: string, overrides: Partial<Execution> = {}): Execution {
  return { ...makeExecution(overrides), state } as unknown as Execution;
}

/** ready-1 ('ready', 10), known-1 (READY, 20), known-2 (COMPLETED, 30), waiting-1 ('waiting', 40). */
async function seed(session: { adapter: { saveExecution(execution: Execution): Promise<void> } }): Promise<void> {
  await session.adapter.saveExecution(inState('ready', { id: 'ready-1', created: at(10) }));
  await session.adapter.saveExecution(makeExecution({ id: 'known-1', state: 'READY', created: at(20) }));
  await session.adapter.saveExecution(makeExecution({ id: 'known-2', state: 'COMPLETED', created: at(30) }));
  await session.adapter.saveExecution(inState('waiting', { id: 'waiting-1', created: at(40) }));
}

export function describeAnyState(harness: ContractHarness): void {
  describe('compatible mode: a state the CVM does not name', () => {
    const session = useSession(harness, { connect: true });

    it("state 'ready' is stored and read back as given, also after reopen and in lists", async () => {
      const saved = inState('ready', { id: 'exec-ready' });
      await session.adapter.saveExecution(saved);
      expect(await session.adapter.getExecution('exec-ready')).toStrictEqual(saved);
      expect((await session.adapter.readExecution('exec-ready'))?.execution).toStrictEqual(saved);
      const reopened = await session.reopen();
      expect(await reopened.getExecution('exec-ready')).toStrictEqual(saved);
      expect(await reopened.listExecutions()).toStrictEqual([saved]);
    });

    it('any non-empty state up to LIMITS.maxStateLength characters round-trips', async () => {
      const states = ['x', 'Waiting CC', 'état-ü-😀', 'S'.repeat(LIMITS.maxStateLength)];
      for (const [n, state] of states.entries()) await session.adapter.saveExecution(inState(state, { id: `exec-${n}`, created: at(n) }));
      const reopened = await session.reopen();
      expect((await reopened.listExecutions()).map((execution) => execution.state)).toStrictEqual(states);
    });

    it.each([
      ['empty', ''],
      [`longer than LIMITS.maxStateLength`, 'S'.repeat(LIMITS.maxStateLength + 1)],
      ['with a lone surrogate', 'ready\uD800'],
      ['a number', 1],
      ['null', null],
    ])('a state that is %s is a ValidationError naming state, and nothing is stored', async (_what, state) => {
      await expectValidationError(() => session.adapter.saveExecution({ ...makeExecution(), state } as unknown as Execution), 'state');
      expect(await session.adapter.getExecution('exec-1')).toBeNull();
    });

    it('a state filter names CVM states only; an execution in another state matches none of them', async () => {
      await seed(session);
      const ids = async (state: Parameters<typeof session.adapter.queryExecutions>[0]): Promise<string[]> =>
        (await session.adapter.queryExecutions(state)).executions.map((execution) => execution.id);
      expect(await ids({})).toStrictEqual(['ready-1', 'known-1', 'known-2', 'waiting-1']);
      expect(await ids({ state: 'READY' })).toStrictEqual(['known-1']);
      expect(await ids({ state: ['READY', 'RUNNING', 'AWAITING_COGNITIVE_RESULT', 'COMPLETED', 'ERROR'] })).toStrictEqual(['known-1', 'known-2']);
      expect(await ids({ programId: 'prog-1', limit: 2 })).toStrictEqual(['ready-1', 'known-1']);
      await expectValidationError(() => session.adapter.queryExecutions({ state: 'ready' as never }), 'state');
    });

    it('prune with states leaves an execution in another state; prune without states deletes it', async () => {
      await seed(session);
      expect(await session.adapter.pruneExecutions({ olderThan: at(100), states: ['READY', 'COMPLETED'], dryRun: true })).toStrictEqual({ ids: ['known-1', 'known-2'] });
      expect(await session.adapter.pruneExecutions({ olderThan: at(100), states: ['READY', 'COMPLETED'] })).toStrictEqual({ ids: ['known-1', 'known-2'] });
      expect((await session.adapter.listExecutions()).map((execution) => execution.id)).toStrictEqual(['ready-1', 'waiting-1']);
      expect(await session.adapter.pruneExecutions({ olderThan: at(100) })).toStrictEqual({ ids: ['ready-1', 'waiting-1'] });
      expect(await (await session.reopen()).listExecutions()).toStrictEqual([]);
    });
  });

  describe('strict mode: the CVM states only', () => {
    const session = useSession(harness, { connect: true, validation: 'strict' });

    it("state 'ready' is a ValidationError naming state, and nothing is stored", async () => {
      await expectValidationError(() => session.adapter.saveExecution(inState('ready')), 'state');
      expect(await session.adapter.listExecutions()).toStrictEqual([]);
    });

    it("reads back an execution a compatible-mode writer stored in state 'ready'", async () => {
      const saved = inState('ready', { id: 'exec-ready' });
      const writer = await harness.reopen({ validation: 'compatible' });
      await writer.connect();
      try {
        await writer.saveExecution(saved);
      } finally {
        await writer.disconnect();
      }
      expect(await session.adapter.getExecution('exec-ready')).toStrictEqual(saved);
    });
  });
}
