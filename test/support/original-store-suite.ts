import type { CvmStorage } from '../../src';
import { expectedReads, readLikeTheOriginal, type OriginalReads } from './original-stores';

export interface OriginalStoreHarness {
  /** A connected adapter on this test's copy of the original's store (a new one each call, same store). */
  open(): Promise<CvmStorage>;
}

/**
 * Reads the original's store the way the original does and compares with what it read (`expected`),
 * then goes on with the store (save, append, set the current execution) and reads again.
 */
export function describeOriginalStore(name: string, harness: OriginalStoreHarness, expected: () => OriginalReads): void {
  describe(`${name}: a store the original package wrote`, () => {
    it('reads every program, execution, output and the current execution as the original read them', async () => {
      const storage = await harness.open();
      expect(await readLikeTheOriginal(storage, expected())).toStrictEqual(expectedReads(expected()));
    });

    it('reads each record by id as the original read it', async () => {
      const storage = await harness.open();
      for (const program of expected().programs) expect(await storage.getProgram(program.id)).toStrictEqual(program);
      for (const execution of expected().executions) expect(await storage.getExecution(execution.id)).toStrictEqual(execution);
    });

    it("counts and pages the original's output like its lines", async () => {
      const storage = await harness.open();
      for (const [id, lines] of Object.entries(expected().outputs)) {
        expect(await storage.getOutputLength(id)).toBe(lines.length);
        expect(await storage.getOutput(id, { from: 1, limit: 3 })).toStrictEqual(lines.slice(1, 4));
        expect(await storage.getOutput(id, { from: lines.length })).toStrictEqual([]);
      }
    });

    it('goes on: a save replaces the original record, an append follows its lines, the current execution moves', async () => {
      const storage = await harness.open();
      const original = expected();
      const running = original.executions.find((execution) => execution.id === 'hand-running');
      const completedLines = original.outputs['hand-completed'];
      const unicode = original.executions.find((execution) => execution.id === 'résumé-1');
      const unicodeLines = original.outputs['résumé-1'];
      if (running === undefined || completedLines === undefined || unicode === undefined || unicodeLines === undefined) {
        throw new Error('the fixture lacks hand-running, hand-completed or résumé-1');
      }
      const unicodeResumed = { ...unicode, pc: unicode.pc + 1 };
      const resumed = { ...running, pc: running.pc + 1, updated: new Date('2026-01-02T00:00:00.000Z') };
      await storage.saveExecution(resumed);
      await storage.saveProgram({ id: 'prog-after', name: 'after', source: '', bytecode: [{ op: 'HALT' }], created: new Date('2026-01-03T00:00:00.000Z') });
      await storage.appendOutput('hand-completed', ['after one', 'after two']);
      await storage.appendOutput('hand-ready', ['first of its own']);
      await storage.saveExecution(unicodeResumed);
      await storage.appendOutput('résumé-1', ['encore']);
      await storage.setCurrentExecutionId('hand-running');

      const check = async (reader: CvmStorage) => {
        expect(await reader.getExecution('hand-running')).toStrictEqual(resumed);
        expect(await reader.getOutput('hand-completed')).toStrictEqual([...completedLines, 'after one', 'after two']);
        expect(await reader.getOutputLength('hand-completed')).toBe(completedLines.length + 2);
        expect(await reader.getOutput('hand-completed', { from: completedLines.length - 1, limit: 2 })).toStrictEqual([completedLines.at(-1), 'after one']);
        expect(await reader.getOutput('hand-completed', { from: completedLines.length + 1 })).toStrictEqual(['after two']);
        expect(await reader.getOutput('hand-ready')).toStrictEqual(['first of its own']);
        expect(await reader.getExecution('résumé-1')).toStrictEqual(unicodeResumed);
        expect(await reader.getOutput('résumé-1')).toStrictEqual([...unicodeLines, 'encore']);
        expect(await reader.getOutputLength('résumé-1')).toBe(unicodeLines.length + 1);
        expect(await reader.getCurrentExecutionId()).toBe('hand-running');
        const untouched = original.executions.filter((execution) => execution.id !== 'hand-running' && execution.id !== 'résumé-1');
        for (const execution of untouched) expect(await reader.getExecution(execution.id)).toStrictEqual(execution);
        expect((await reader.listExecutions()).map((execution) => execution.id).sort()).toStrictEqual(
          original.executions.map((execution) => execution.id).sort(),
        );
        expect((await reader.listPrograms()).map((program) => program.id)).toContain('prog-after');
      };
      await check(storage);
      await storage.disconnect();
      await check(await harness.open());
    });

    it('deletes an execution with its original output, and clears the current execution naming it', async () => {
      const storage = await harness.open();
      await storage.setCurrentExecutionId('hand-error');
      await storage.deleteExecution('hand-error');
      expect(await storage.getExecution('hand-error')).toBeNull();
      expect(await storage.getOutput('hand-error')).toStrictEqual([]);
      expect(await storage.getCurrentExecutionId()).toBeNull();
      expect(await (await harness.open()).getOutput('hand-error')).toStrictEqual([]);
    });
  });
}
