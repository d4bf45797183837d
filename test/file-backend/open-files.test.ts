import { HELD_DESCRIPTORS, MAX_FILE_OPERATIONS, MAX_OPEN_FILES, openFileOperations, withOpenFiles } from '../../src/repositories/file/open-files';
import { Semaphore } from '../../src/repositories/file/semaphore';

/** A task that waits until `release` is called, recording when it started. */
function gate(started: number[], index: number): { task: () => Promise<number>; release: () => void } {
  let release = (): void => undefined;
  const done = new Promise<void>((resolve) => (release = resolve));
  return {
    task: async () => {
      started.push(index);
      await done;
      return index;
    },
    release: () => release(),
  };
}

describe('Semaphore', () => {
  it('runs at most `capacity` tasks at once, the waiting ones in call order, and frees the slot of a task that throws', async () => {
    const semaphore = new Semaphore(3);
    const started: number[] = [];
    const gates = Array.from({ length: 8 }, (_, index) => gate(started, index));
    const results = gates.map(({ task }, index) =>
      semaphore.use(index === 1 ? () => task().then(() => Promise.reject(new Error('boom'))) : task).catch((error: Error) => error.message),
    );
    await new Promise((resolve) => setImmediate(resolve));
    expect(started).toEqual([0, 1, 2]);
    expect(semaphore.active).toBe(3);
    gates[1].release(); // this one throws
    gates[0].release();
    await new Promise((resolve) => setImmediate(resolve));
    expect(started).toEqual([0, 1, 2, 3, 4]);
    expect(semaphore.active).toBe(3);
    for (const { release } of gates) release();
    expect(await Promise.all(results)).toEqual([0, 'boom', 2, 3, 4, 5, 6, 7]);
    expect(semaphore.active).toBe(0);
  });

  it('refuses a capacity that is not a positive integer', () => {
    expect(() => new Semaphore(0)).toThrow(RangeError);
    expect(() => new Semaphore(1.5)).toThrow(RangeError);
  });
});

describe('withOpenFiles: the file backend’s one bound for the whole process', () => {
  it(`lets at most (${MAX_OPEN_FILES} - ${HELD_DESCRIPTORS} held) / 2 file operations run at once, however many are started`, async () => {
    expect(MAX_FILE_OPERATIONS).toBe((MAX_OPEN_FILES - HELD_DESCRIPTORS) / 2);
    const started: number[] = [];
    const gates = Array.from({ length: 1_000 }, (_, index) => gate(started, index));
    const results = gates.map(({ task }) => withOpenFiles(task));
    await new Promise((resolve) => setImmediate(resolve));
    expect(openFileOperations()).toBe(MAX_FILE_OPERATIONS);
    expect(started).toHaveLength(MAX_FILE_OPERATIONS);
    for (const { release } of gates) release();
    expect(await Promise.all(results)).toEqual(gates.map((_, index) => index));
    expect(openFileOperations()).toBe(0);
  });
});
