import type { CvmStorage } from '../../adapters/storage-adapter';
import type { Execution, Program } from '../../types';
import { makeExecution, makeProgram } from './records';

/**
 * The refused ids and the methods that take an id: the contract runs each id once
 * (ids.ts), the package's own tests run every id against the id check and every method.
 */

/** [label, id]: not an id (not a string, empty, too long, or not storable as UTF-8): refused before anything is touched. */
export const REFUSED_IDS: [string, unknown][] = [
  ['empty string', ''],
  ['1,025 bytes of ASCII', 'x'.repeat(1025)],
  ['513 two-byte characters (1,026 bytes)', '\u00e9'.repeat(513)],
  ['100,000 characters', 'a'.repeat(100_000)],
  ['a lone high surrogate', 'a\ud800'],
  ['a lone low surrogate', '\udc00b'],
  ['{ $ne: null }', { $ne: null }],
  ['{}', {}],
  ['[]', []],
  ['42', 42],
  ['null', null],
  ['undefined', undefined],
  ['{ $gt: "" }', { $gt: '' }],
  ['a String object', Object('abc') as unknown],
];

export type IdMethod = (adapter: CvmStorage, id: unknown) => Promise<unknown>;

/** [method, a call of it with the id in the place under test, whether null is a valid argument]. */
export const ID_METHODS: [string, IdMethod, boolean][] = [
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

/**
 * [method, label of the id, call, id]: every method with every refused id (null only where it is
 * not a valid argument), or (`diagonal`) each id once, with the methods taken in turn.
 */
export function refusedIdCases(diagonal: boolean): [string, string, IdMethod, unknown][] {
  const cases: [string, string, IdMethod, unknown][] = [];
  ID_METHODS.forEach(([method, run, nullAllowed], m) => {
    REFUSED_IDS.forEach(([label, id], i) => {
      if (nullAllowed && id === null) return;
      if (diagonal && i % ID_METHODS.length !== m) return;
      cases.push([method, label, run, id]);
    });
  });
  return cases;
}
