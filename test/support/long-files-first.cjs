const path = require('node:path');
const Sequencer = require('@jest/test-sequencer').default;

/**
 * The files that took longest on a 2-core machine (docs/testing.md), longest first. Jest starts
 * the files that took longest in its previous run first, from timings in its cache; a fresh
 * clone (CI) has none and jest falls back to file size, which starts these small files last, where
 * they run alone while the other worker idles. A file missing from the repository is passed over.
 */
const LONGEST = [
  'test/mongo-backend/contract.test.ts',
  'test/mongo-backend/multi-writer-contract.test.ts',
  'test/inspector/browser.test.ts',
  'test/cli/original-store.test.ts',
  'test/file-backend/multi-writer-contract.test.ts',
  'test/reliability/crash-safety.test.ts',
  'test/file-backend/contract.test.ts',
  'test/masking/connection-errors.test.ts',
  'test/types/original-cvm-types.test.ts',
  'test/docs/code-blocks.test.ts',
];

/** Jest's sequencer; without timings from a previous run, the LONGEST files first, in that order. */
class LongFilesFirst extends Sequencer {
  sort(tests) {
    const sorted = super.sort(tests);
    if (sorted.some((test) => test.duration != null)) return sorted;
    const rank = (test) => {
      const index = LONGEST.indexOf(path.relative(test.context.config.rootDir, test.path).split(path.sep).join('/'));
      return index === -1 ? LONGEST.length : index;
    };
    return sorted.map((test, order) => ({ test, order })).sort((a, b) => rank(a.test) - rank(b.test) || a.order - b.order).map(({ test }) => test);
  }
}

module.exports = LongFilesFirst;
