import type { CvmStorage } from '../../adapters/storage-adapter';
import type { Execution, Program } from '../../types';
import { useSession, type ContractHarness } from './harness';
import { describe, expect, it } from './runner';

/** The usage example of the seed README, with its `bytecode: [...]` filled in. */
function helloWorld(): { program: Program; execution: Execution } {
  const created = new Date('2024-05-06T07:08:09.010Z');
  return {
    program: {
      id: 'hello-world',
      name: 'Hello World',
      source: 'function main() { return CC("Say hello"); }',
      bytecode: [
        { op: 'PUSH', arg: 'Say hello', line: 1 },
        { op: 'CC', line: 1 },
        { op: 'RETURN', line: 1 },
        { op: 'HALT' },
      ],
      created,
    },
    execution: {
      id: 'exec-123',
      programId: 'hello-world',
      state: 'RUNNING',
      pc: 0,
      stack: [],
      variables: {},
      created: new Date(created.getTime() + 1),
    },
  };
}

async function expectHelloWorld(storage: CvmStorage): Promise<void> {
  const { program, execution } = helloWorld();
  expect(await storage.getProgram('hello-world')).toStrictEqual(program);
  expect(await storage.listPrograms()).toStrictEqual([program]);
  expect(await storage.getExecution('exec-123')).toStrictEqual(execution);
  expect(await storage.listExecutions()).toStrictEqual([execution]);
  expect(await storage.getOutput('exec-123')).toStrictEqual(['Starting execution...']);
  expect(await storage.getCurrentExecutionId()).toBe('exec-123');
}

export function describeSeedExample(harness: ContractHarness): void {
  describe('seed README usage example', () => {
    const session = useSession(harness, { connect: true });

    it('saves the hello-world program and its RUNNING execution, appends output, sets current, and reads it all back', async () => {
      const storage = session.adapter;
      const { program, execution } = helloWorld();
      await storage.saveProgram(program);
      await storage.saveExecution(execution);
      await storage.appendOutput('exec-123', ['Starting execution...']);
      await storage.setCurrentExecutionId('exec-123');
      await expectHelloWorld(storage);
      await expectHelloWorld(await session.reopen());
    });
  });
}
