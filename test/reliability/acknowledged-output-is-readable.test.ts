import { allBackends, useStore } from './support/backends';

/** Whatever appendOutput acknowledged, getOutput reads back, however many lines one call held. */
const LINES = 200_000;

describe.each(allBackends())('acknowledged output is readable: $name', (backend) => {
  const kit = useStore(backend);

  it(`${LINES.toLocaleString('en')} short lines in one append read back whole, also after more appends`, async () => {
    const lines = Array.from({ length: LINES }, (_, i) => `l${i}`);
    await kit.store.adapter.appendOutput('many-lines', lines);
    await kit.store.adapter.appendOutput('many-lines', ['after']);
    const read = await kit.store.adapter.getOutput('many-lines');
    expect(read.length).toBe(LINES + 1);
    expect(read[0]).toBe('l0');
    expect(read[LINES - 1]).toBe(`l${LINES - 1}`);
    expect(read[LINES]).toBe('after');
  });
});
