import { FileStorageAdapter } from '../../src/adapters/file-storage-adapter';
import type { CVMArray, CVMObjectRef, CVMValue } from '../../src/types/cvm-value';
import type { Execution, HeapObject } from '../../src/types/execution';
import type { Program } from '../../src/types/program';

/** A string that becomes an element if a page ever treats data as HTML. */
export const HOSTILE = '<img src=x onerror=alert(1)>';

export const SEEDED = {
  program: 'prog-hello',
  hostileProgram: 'prog-hostile',
  paused: 'exec-paused',
  done: 'exec-done',
  bigHeap: 'exec-big-heap',
  heapObjects: 5000,
} as const;

const array = (...elements: CVMValue[]): CVMArray => ({ type: 'array', elements });
const ref = (id: number, type: 'array-ref' | 'object-ref' = 'object-ref'): CVMValue => ({ type, id }) as CVMObjectRef;

const SOURCE = ['function main() {', '  const name = "world";', '  const items = [1, 2, 3];', '  for (const item of items) {', '    console.log("item " + item);', '  }', '  const answer = CC("What is the capital of France?");', '  console.log(answer);', '  return answer;', '}', 'main();'].join('\n');

/** A store made through the API: a program and one named with a hostile string, a paused execution (hostile strings, a heap, an iterator, three revisions), a finished one, and one with a heap of 5,000 objects. */
export async function seedInspectorStore(dataDir: string): Promise<void> {
  const adapter = new FileStorageAdapter(dataDir, { history: { keep: 'all' } });
  await adapter.connect();
  try {
    const program: Program = {
      id: SEEDED.program,
      name: 'hello',
      source: SOURCE,
      bytecode: [
        { op: 'PUSH', arg: 'world', line: 2 },
        { op: 'STORE', arg: 'name', line: 2 },
        { op: 'ARRAY_NEW', line: 3 },
        { op: 'ITER_START', line: 4 },
        { op: 'PRINT', line: 5 },
        { op: 'PUSH', arg: 'What is the capital of France?', line: 7 },
        { op: 'CC', line: 7 },
        { op: 'PRINT', line: 8 },
        { op: 'HALT', line: 11 },
      ],
      created: new Date('2026-01-05T10:00:00.000Z'),
    };
    await adapter.saveProgram(program);
    await adapter.saveProgram({ id: SEEDED.hostileProgram, name: HOSTILE, source: `console.log("${HOSTILE}");`, bytecode: [{ op: 'PUSH', arg: HOSTILE, line: 1 }, { op: 'PRINT', line: 1 }], created: new Date('2026-01-05T13:00:00.000Z') });
    const heap: Record<number, HeapObject> = {
      1: { type: 'array', data: array(1, 2, 3) },
      2: { type: 'object', data: { type: 'object', properties: { title: HOSTILE, items: ref(1, 'array-ref') } } },
    };
    const paused: Execution = {
      id: SEEDED.paused,
      programId: SEEDED.program,
      state: 'RUNNING',
      pc: 3,
      stack: [],
      variables: { name: 'world' },
      created: new Date('2026-01-05T10:01:00.000Z'),
    };
    await adapter.saveExecution(paused);
    await adapter.saveExecution({ ...paused, pc: 5, variables: { name: 'world', items: ref(1, 'array-ref') }, heap: { objects: { 1: heap[1] }, nextId: 2 }, updated: new Date('2026-01-05T10:01:30.000Z') });
    await adapter.saveExecution({
      ...paused,
      state: 'AWAITING_COGNITIVE_RESULT',
      pc: 6,
      stack: ['What is the capital of France?', 42],
      variables: { name: 'world', items: ref(1, 'array-ref'), note: HOSTILE, record: ref(2) },
      iterators: [{ array: array(1, 2, 3), index: 3, length: 3 }],
      heap: { objects: heap, nextId: 3 },
      ccPrompt: `What is the capital of France? ${HOSTILE}`,
      status: 'waiting_cc',
      updated: new Date('2026-01-05T10:02:00.000Z'),
    });
    await adapter.appendOutput(SEEDED.paused, ['item 1', 'item 2', 'item 3', HOSTILE]);
    await adapter.setCurrentExecutionId(SEEDED.paused);

    await adapter.saveExecution({ id: SEEDED.done, programId: SEEDED.program, state: 'COMPLETED', pc: 8, stack: [], variables: { answer: 'Paris' }, returnValue: 'Paris', created: new Date('2026-01-05T11:00:00.000Z') });
    await adapter.appendOutput(SEEDED.done, Array.from({ length: 450 }, (_, i) => `line ${i + 1}`));

    const objects: Record<number, HeapObject> = {};
    for (let i = 1; i <= SEEDED.heapObjects; i++) {
      const next = ref((i % SEEDED.heapObjects) + 1);
      objects[i] = i % 2 === 0 ? { type: 'array', data: array(i, next) } : { type: 'object', data: { type: 'object', properties: { n: i, next, half: ref(Math.max(1, Math.floor(i / 2))) } } };
    }
    await adapter.saveExecution({
      id: SEEDED.bigHeap,
      programId: SEEDED.program,
      state: 'READY',
      pc: 0,
      stack: [ref(1)],
      variables: { root: ref(1) },
      heap: { objects, nextId: SEEDED.heapObjects + 1 },
      created: new Date('2026-01-05T12:00:00.000Z'),
    });
  } finally {
    await adapter.disconnect();
  }
}
