import type { CvmStorage } from '../../adapters/storage-adapter';
import type { Execution, Program } from '../../types';
import { withoutUndefined } from './trace-files';
import { cloneData, firstDifference } from './same-value';
import { at, makeExecution, makeProgram } from './records';
import { useSession, type ContractHarness } from './harness';
import { describe, expect, it } from './runner';

type Fields = Record<string, unknown>;

/** An execution as the CVM VM saves it: its serialized state merged in, `status` and `output` included. */
function vmExecution(fields: Fields = {}): Fields {
  return { ...makeExecution({ state: 'AWAITING_COGNITIVE_RESULT', pc: 3 }), status: 'waiting_cc', output: [], ...fields };
}

/** A program built from makeProgram as plain fields. */
function program(overrides: Partial<Program>): Fields {
  return { ...makeProgram(overrides) };
}

function withOwn(record: Fields, key: string, value: unknown): Fields {
  const copy = { ...record };
  Object.defineProperty(copy, key, { value, enumerable: true, writable: true, configurable: true });
  return copy;
}

const JSON_SCHEMA = { type: 'object', properties: { name: { type: 'string' }, tags: { type: 'array', items: { type: 'string' } } }, required: ['name'] };

/** Plain objects that merely look like the tagged values of the CVM grammar or of our own encoding. */
const LOOK_ALIKES = [
  { type: 'string' },
  { type: 'array', elements: 3 },
  { type: 'undefined', value: 1 },
  { type: 'object-ref', id: -1 },
  { id: 'x' },
  { num: 'NaN' },
  { '~x': 1, '%2E': 2 },
  { $date: '2024-01-01T00:00:00.000Z' },
  { $ref: 'not-a-number' },
];

/** A case whose record must come back exactly as saved: two fresh copies, so the save cannot change the expectation. */
function same(label: string, make: () => Fields): [string, Fields, Fields] {
  return [label, make(), make()];
}

/** [label, execution as saved, execution as it must come back]. */
const EXECUTIONS: [string, Fields, Fields][] = [
  same('the status and output fields the VM adds', () => vmExecution({ status: 'complete', output: ['line 1', 'line 2'] })),
  same('a for-in iterator with a keys list and a null array', () => vmExecution({ iterators: [{ array: null, keys: ['apples', 'pears'], index: 1, length: 2 }] })),
  same('error and ccPrompt saved as null', () => vmExecution({ error: null, ccPrompt: null })),
  [
    'heap, returnValue and error saved as undefined (they come back absent)',
    vmExecution({ heap: undefined, returnValue: undefined, error: undefined, ccPrompt: 'Next?' }),
    vmExecution({ ccPrompt: 'Next?' }),
  ],
  same('heap data holding { $ref } references in elements, properties and deeper', () =>
    vmExecution({
      variables: { list: { type: 'array-ref', id: 1 } },
      heap: {
        objects: {
          1: { type: 'array', data: { type: 'array', elements: [{ $ref: 2 }, { $ref: 3 }, { $ref: 2 }] } },
          2: { type: 'object', data: { type: 'object', properties: { next: { $ref: 3 }, deep: { a: [{ b: { $ref: 1 } }] } } } },
          3: { type: 'object', data: { type: 'object', properties: { label: 'leaf' } } },
        },
        nextId: 4,
      },
    }),
  ),
  same('a JSON Schema parsed from a model answer, in the stack, a variable, the heap and returnValue', () =>
    vmExecution({ stack: [JSON_SCHEMA], variables: { schema: JSON_SCHEMA }, heap: { objects: { 1: { type: 'object', data: JSON_SCHEMA } }, nextId: 2 }, returnValue: JSON_SCHEMA }),
  ),
  same('values that look like tagged values but are not', () => vmExecution({ stack: LOOK_ALIKES, variables: { look: LOOK_ALIKES[0] }, answer: LOOK_ALIKES })),
  same('fields a later VM adds, at every level of the record', () =>
    vmExecution({
      vmVersion: 2,
      attempts: { count: 1, last: null },
      iterators: [{ array: { type: 'array', elements: [1] }, index: 0, length: 1, label: 'outer' }],
      heap: { objects: { 1: { type: 'object', data: { type: 'object', properties: {} }, frozen: true } }, nextId: 2, gcEpoch: 3 },
    }),
  ),
  same('extra fields named like storage internals: _id, __proto__, $set, a dotted name, ~x and the empty name', () =>
    withOwn({ ...vmExecution(), _id: 'mine', $set: { state: 'ERROR' }, 'a.b': 1, '~x': 2, '': 3 }, '__proto__', { polluted: true }),
  ),
  same('special numbers in extra fields', () => vmExecution({ score: NaN, limits: [Infinity, -Infinity, -0] })),
  same('arrays nested in arrays, as parsed JSON holds them', () => vmExecution({ grid: [[1, 2], [[3]], []], stack: [[['deep']]] })),
];

/** [label, program as saved, program as it must come back]. */
const PROGRAMS: [string, Fields, Fields][] = [
  same('a LOAD_REGEX instruction whose arg is { pattern, flags }', () =>
    program({ bytecode: [{ op: 'LOAD_REGEX', arg: { pattern: '\\w+@\\w+\\.\\w+', flags: 'g' } }, { op: 'HALT' }] }),
  ),
  [
    'instructions whose arg is undefined (it comes back absent)',
    program({ bytecode: [{ op: 'POP', arg: undefined }, { op: 'HALT', arg: undefined, line: 2 }] }),
    program({ bytecode: [{ op: 'POP' }, { op: 'HALT', line: 2 }] }),
  ],
  same('instructions with other plain-object args and fields of their own, and program fields of its own', () => ({
    ...program({ bytecode: [{ op: 'CALL_NATIVE', arg: { name: 'fs.listFiles', argc: 2 }, line: 1, column: 4, comment: null } as never] }),
    compiler: { version: '0.9.1' },
    hash: 'abc',
  })),
];

async function expectStored(storage: CvmStorage, read: () => Promise<unknown>, expected: Fields): Promise<void> {
  const difference = firstDifference(expected, await read());
  expect({ difference }).toStrictEqual({ difference: null });
  expect(storage.isConnected()).toBe(true);
}

export function describeCvmServerRecords(harness: ContractHarness): void {
  describe('CVM server records: what a real CVM VM saves comes back as saved', () => {
    const session = useSession(harness, { connect: true });

    it.each(EXECUTIONS)('an execution with %s', async (_label, saved, expected) => {
      await session.adapter.saveExecution(saved as unknown as Execution);
      await expectStored(session.adapter, () => session.adapter.getExecution('exec-1'), expected);
      const reopened = await session.reopen();
      await expectStored(reopened, () => reopened.getExecution('exec-1'), expected);
      await expectStored(reopened, async () => (await reopened.listExecutions())[0], expected);
    });

    it.each(PROGRAMS)('a program with %s', async (_label, saved, expected) => {
      await session.adapter.saveProgram(saved as unknown as Program);
      await expectStored(session.adapter, () => session.adapter.getProgram('prog-1'), expected);
      const reopened = await session.reopen();
      await expectStored(reopened, () => reopened.getProgram('prog-1'), expected);
      await expectStored(reopened, async () => (await reopened.listPrograms())[0], expected);
    });

    it('a record changed by the caller after the save resolves is stored as it was at the call', async () => {
      const saved = vmExecution({ output: ['first'], heap: { objects: { 1: { type: 'object', data: { n: 1 } } }, nextId: 2 } });
      const expected = cloneData(saved);
      const pending = session.adapter.saveExecution(saved as unknown as Execution);
      (saved.output as string[]).push('changed');
      ((saved.heap as { objects: Record<number, { data: { n: number } }> }).objects[1].data).n = 2;
      await pending;
      await expectStored(session.adapter, () => session.adapter.getExecution('exec-1'), expected);
    });

    it('a whole server loop with records of the VM shape: start, steps, a pause, a resume in another process, completion', async () => {
      const program = makeProgram({
        id: 'ask',
        bytecode: [
          { op: 'PUSH', arg: 'What is your name?' },
          { op: 'CC', arg: undefined },
          { op: 'STORE', arg: 'name' },
          { op: 'LOAD_REGEX', arg: { pattern: '^\\w+$', flags: '' } },
          { op: 'PRINT', arg: undefined },
          { op: 'HALT', arg: undefined },
        ],
      });
      const first = session.adapter;
      await first.saveProgram(program);
      await first.saveExecution(makeExecution({ id: 'run', programId: 'ask', state: 'READY', created: at(0) }));
      await first.setCurrentExecutionId('run');

      // Step to the pause: the VM merges its state, with status and output, into the record.
      const ready = (await first.getExecution('run')) as unknown as Fields;
      await first.appendOutput('run', ['asking']);
      const paused = {
        ...ready,
        state: 'AWAITING_COGNITIVE_RESULT',
        pc: 1,
        stack: [],
        variables: {},
        iterators: [],
        heap: { objects: {}, nextId: 1 },
        status: 'waiting_cc',
        output: ['asking'],
        error: null,
        ccPrompt: 'What is your name?',
        returnValue: undefined,
        updated: at(1),
      };
      await first.saveExecution(paused as unknown as Execution);

      // Another process resumes with the model's answer, as a parsed object, and runs to the end.
      const second = await session.reopen();
      const resumed = (await second.getExecution('run')) as unknown as Fields;
      expect(resumed.status).toBe('waiting_cc');
      expect(resumed.ccPrompt).toBe('What is your name?');
      expect(Object.hasOwn(resumed, 'returnValue')).toBe(false);
      const answer = { name: 'Ada', schema: JSON_SCHEMA };
      await second.appendOutput('run', ['Ada']);
      const done = {
        ...resumed,
        state: 'COMPLETED',
        pc: 6,
        variables: { name: { type: 'object-ref', id: 1 } },
        heap: { objects: { 1: { type: 'object', data: { type: 'object', properties: answer } } }, nextId: 2 },
        status: 'complete',
        output: ['Ada'],
        ccPrompt: undefined,
        returnValue: 'Ada',
        updated: at(2),
      };
      await second.saveExecution(done as unknown as Execution);

      const expected = withoutUndefined(done) as Fields;
      expect(Object.hasOwn(expected, 'ccPrompt')).toBe(false);
      await expectStored(second, () => second.getExecution('run'), expected);
      expect(await second.getOutput('run')).toStrictEqual(['asking', 'Ada']);
      expect(await second.getCurrentExecutionId()).toBe('run');
      await expectStored(second, () => second.getProgram('ask'), withoutUndefined(program) as Fields);
    });
  });
}
