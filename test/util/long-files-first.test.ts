import path from 'node:path';

// eslint-disable-next-line @typescript-eslint/no-require-imports
const LongFilesFirst = require('../support/long-files-first.cjs') as new (options: unknown) => {
  sort(tests: FakeTest[]): FakeTest[];
  _cache: Map<unknown, Record<string, [number, number]>>;
};

interface FakeTest {
  path: string;
  duration?: number;
  context: { config: { rootDir: string; cache: boolean }; hasteFS: { getSize(file: string): number } };
}

const ROOT = path.resolve(__dirname, '../..');
/** Sizes as jest's file map reports them: the long-running files are small ones. */
const SIZES: Record<string, number> = {
  'test/a-big-unit.test.ts': 90_000,
  'test/another-unit.test.ts': 50_000,
  'test/mongo-backend/contract.test.ts': 4_000,
  'test/masking/connection-errors.test.ts': 5_000,
};
const context = { config: { rootDir: ROOT, cache: false }, hasteFS: { getSize: (file: string) => SIZES[path.relative(ROOT, file)] ?? 0 } };
const tests = (): FakeTest[] => Object.keys(SIZES).map((file) => ({ path: path.join(ROOT, file), context }));
const order = (sorted: FakeTest[]): string[] => sorted.map((test) => path.relative(ROOT, test.path));

describe('the test sequencer', () => {
  it('without timings from an earlier run, starts the listed long files first, in their listed order, then the rest by size', () => {
    expect(order(new LongFilesFirst({}).sort(tests()))).toStrictEqual([
      'test/mongo-backend/contract.test.ts',
      'test/masking/connection-errors.test.ts',
      'test/a-big-unit.test.ts',
      'test/another-unit.test.ts',
    ]);
  });

  it('with timings from an earlier run, keeps jest order: longest previous run first', () => {
    const sequencer = new LongFilesFirst({});
    sequencer._cache.set(context, {
      [path.join(ROOT, 'test/a-big-unit.test.ts')]: [1, 9_000],
      [path.join(ROOT, 'test/another-unit.test.ts')]: [1, 100],
      [path.join(ROOT, 'test/mongo-backend/contract.test.ts')]: [1, 5_000],
      [path.join(ROOT, 'test/masking/connection-errors.test.ts')]: [1, 200],
    });
    expect(order(sequencer.sort(tests()))).toStrictEqual([
      'test/a-big-unit.test.ts',
      'test/mongo-backend/contract.test.ts',
      'test/masking/connection-errors.test.ts',
      'test/another-unit.test.ts',
    ]);
  });
});
