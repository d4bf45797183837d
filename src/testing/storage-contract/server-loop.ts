import type { CvmStorage } from '../../adapters/storage-adapter';
import type { CVMValue, Execution, Instruction } from '../../types';
import { at, makeExecution, makeProgram } from './records';
import { useSession, type ContractHarness } from './harness';
import { describe, expect, it } from './runner';

const STEPS = 20;

function loopBytecode(): Instruction[] {
  return Array.from({ length: STEPS }, (_, i) => ({ op: i === STEPS - 1 ? 'HALT' : 'PRINT', arg: `msg-${i}`, line: i + 1 }));
}

/** One step as a CVM server runs it: load state and program, run the instruction, save, mark current. */
async function step(storage: CvmStorage, executionId: string, n: number): Promise<void> {
  const execution = await storage.getExecution(executionId);
  if (execution === null) throw new Error(`step ${n}: execution ${executionId} is missing`);
  const program = await storage.getProgram(execution.programId);
  if (program === null) throw new Error(`step ${n}: program ${execution.programId} is missing`);
  const instruction = program.bytecode[execution.pc];
  await storage.appendOutput(executionId, [`${execution.pc}: ${instruction.op} ${String(instruction.arg)}`]);
  const halted = instruction.op === 'HALT';
  const next: Execution = {
    ...execution,
    state: halted ? 'COMPLETED' : 'RUNNING',
    pc: execution.pc + 1,
    stack: [...execution.stack, execution.pc],
    variables: { ...execution.variables, last: instruction.arg as CVMValue, [`step${n}`]: n },
    updated: at(1000 + n),
  };
  if (halted) next.returnValue = { type: 'undefined' };
  await storage.saveExecution(next);
  await storage.setCurrentExecutionId(executionId);
}

function expectedFinal(): Execution {
  const variables: Record<string, CVMValue> = { last: `msg-${STEPS - 1}` };
  for (let n = 0; n < STEPS; n++) variables[`step${n}`] = n;
  return makeExecution({
    id: 'run-1',
    programId: 'loop',
    state: 'COMPLETED',
    pc: STEPS,
    stack: Array.from({ length: STEPS }, (_, i) => i),
    variables,
    returnValue: { type: 'undefined' },
    updated: at(1000 + STEPS - 1),
  });
}

async function expectFinished(storage: CvmStorage): Promise<void> {
  const final = await storage.getExecution('run-1');
  expect(final).toStrictEqual(expectedFinal());
  expect(await storage.getOutput('run-1')).toStrictEqual(
    loopBytecode().map((instruction, pc) => `${pc}: ${instruction.op} ${String(instruction.arg)}`),
  );
  expect(await storage.getCurrentExecutionId()).toBe('run-1');
  expect(await storage.listExecutions()).toStrictEqual([expectedFinal(), makeExecution({ id: 'other', programId: 'loop', created: at(5) })]);
  expect(await storage.getOutput('other')).toStrictEqual(['untouched']);
}

export function describeServerLoop(harness: ContractHarness): void {
  describe('CVM-server-like step loop', () => {
    const session = useSession(harness, { connect: true });

    it(`runs ${STEPS} steps of get, get program, append, save with pc + 1, set current`, async () => {
      const storage = session.adapter;
      await storage.saveProgram(makeProgram({ id: 'loop', bytecode: loopBytecode() }));
      await storage.saveExecution(makeExecution({ id: 'run-1', programId: 'loop' }));
      await storage.saveExecution(makeExecution({ id: 'other', programId: 'loop', created: at(5) }));
      await storage.appendOutput('other', ['untouched']);
      for (let n = 0; n < STEPS; n++) {
        await step(storage, 'run-1', n);
        const saved = await storage.getExecution('run-1');
        expect(saved?.pc).toBe(n + 1);
        expect(await storage.getOutput('run-1')).toHaveLength(n + 1);
      }
      await expectFinished(storage);
      await expectFinished(await session.reopen());
    });

    it('resumes after reopen part-way through and ends in the same state', async () => {
      await session.adapter.saveProgram(makeProgram({ id: 'loop', bytecode: loopBytecode() }));
      await session.adapter.saveExecution(makeExecution({ id: 'run-1', programId: 'loop' }));
      await session.adapter.saveExecution(makeExecution({ id: 'other', programId: 'loop', created: at(5) }));
      await session.adapter.appendOutput('other', ['untouched']);
      for (let n = 0; n < STEPS / 2; n++) await step(session.adapter, 'run-1', n);
      const resumed = await session.reopen();
      expect(await resumed.getCurrentExecutionId()).toBe('run-1');
      for (let n = STEPS / 2; n < STEPS; n++) await step(resumed, 'run-1', n);
      await expectFinished(resumed);
      await expectFinished(await session.reopen());
    });
  });
}
