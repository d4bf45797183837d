import type { CvmStorage } from '../../src/adapters/storage-adapter';
import { allBackends, useStore } from './support/backends';

/**
 * Output reads back in the order the appends were applied, also when they come from two
 * processes (two adapters on one store) and one of them deleted the execution in between: the
 * other must not number its appends from what it remembers of before the delete.
 */
describe.each(allBackends())('appends read back in applied order across processes: $name', (backend) => {
  const kit = useStore(backend);

  it('B appends, B deletes, then A and B interleave: B1, B2, A1, B3, B4, A2, B5', async () => {
    const a = kit.store.adapter;
    const b = await kit.store.openAnother();
    const id = 'shared-run';
    await a.appendOutput(id, ['A-before-1']);
    await a.appendOutput(id, ['A-before-2']);
    await a.appendOutput(id, ['A-before-3']);
    await b.appendOutput(id, ['B-before']);
    await b.deleteExecution(id);
    const order: [CvmStorage, string][] = [
      [b, 'B1'],
      [b, 'B2'],
      [a, 'A1'],
      [b, 'B3'],
      [b, 'B4'],
      [a, 'A2'],
      [b, 'B5'],
    ];
    for (const [adapter, line] of order) await adapter.appendOutput(id, [line]);
    const expected = order.map(([, line]) => line);
    expect(await a.getOutput(id)).toStrictEqual(expected);
    expect(await b.getOutput(id)).toStrictEqual(expected);
  });
});
