import { CallOrder } from '../../src/util/call-order';

/** A call that records when it starts and finishes only when `release` is called. */
function gate(log: string[], name: string): { start: () => Promise<string>; release: () => void } {
  let release = (): void => undefined;
  const done = new Promise<void>((resolve) => (release = resolve));
  return {
    start: async () => {
      log.push(`${name} started`);
      await done;
      log.push(`${name} done`);
      return name;
    },
    release: () => release(),
  };
}

describe('CallOrder', () => {
  it('starts a call at once when nothing about its key is pending', () => {
    const order = new CallOrder();
    const log: string[] = [];
    void order.run('a', gate(log, 'first').start);
    expect(log).toStrictEqual(['first started']);
  });

  it('runs the calls about one key one after another, in call order, and other keys side by side', async () => {
    const order = new CallOrder();
    const log: string[] = [];
    const first = gate(log, 'a1');
    const second = gate(log, 'a2');
    const other = gate(log, 'b1');
    const results = [order.run('a', first.start), order.run('a', second.start), order.run('b', other.start)];
    expect(log).toStrictEqual(['a1 started', 'b1 started']);
    second.release();
    other.release();
    await results[2];
    expect(log).toStrictEqual(['a1 started', 'b1 started', 'b1 done']);
    first.release();
    await expect(Promise.all(results)).resolves.toStrictEqual(['a1', 'a2', 'b1']);
    expect(log).toStrictEqual(['a1 started', 'b1 started', 'b1 done', 'a1 done', 'a2 started', 'a2 done']);
  });

  it('a failed call does not stop the next one, and a throwing start is a rejection, waiting or not', async () => {
    const order = new CallOrder();
    const failed = order.run('a', async () => {
      throw new Error('first failed');
    });
    const refused = order.run('a', () => {
      throw new Error('waiting start threw');
    });
    const next = order.run('a', async () => 'next');
    await expect(failed).rejects.toThrow('first failed');
    await expect(refused).rejects.toThrow('waiting start threw');
    await expect(next).resolves.toBe('next');
    await expect(order.run('b', () => { throw new Error('start threw'); })).rejects.toThrow('start threw');
  });

  it('idle resolves once every call made so far has settled, also those queued while it waits', async () => {
    const order = new CallOrder();
    const log: string[] = [];
    const first = gate(log, 'a1');
    const later = gate(log, 'b1');
    void order.run('a', first.start);
    let idle = false;
    const waiting = order.idle().then(() => (idle = true));
    void order.run('b', later.start);
    first.release();
    await new Promise((resolve) => setImmediate(resolve));
    expect(idle).toBe(false);
    later.release();
    await waiting;
    expect(log).toStrictEqual(['a1 started', 'b1 started', 'a1 done', 'b1 done']);
  });
});
