import type * as MultiWriter from '../../../src/testing/multi-writer';
import { transpileFolders } from '../transpiled-folders';

export interface TranspiledMultiWriterContract {
  describeMultiWriterContract: typeof MultiWriter.describeMultiWriterContract;
  /** The JavaScript of one of this folder's adapter modules. */
  adapterModule(name: 'file-adapter' | 'mongodb-adapter'): string;
}

/**
 * The published multi-writer contract, unchanged, run as plain JavaScript: src and this folder's
 * adapter modules are transpiled once per test file, so its writer processes start without
 * ts-node, which compiled the library again in every one of them. Removed after the file's tests.
 */
export function transpiledMultiWriterContract(): TranspiledMultiWriterContract {
  const folders = transpileFolders(['src', 'test/support/multi-writer']);
  afterAll(() => folders.remove());
  // eslint-disable-next-line @typescript-eslint/no-require-imports -- the transpiled copy, loaded while the tests are declared
  const contract = require(folders.file('src/testing/multi-writer/index.ts')) as typeof MultiWriter;
  return {
    describeMultiWriterContract: contract.describeMultiWriterContract,
    adapterModule: (name) => folders.file(`test/support/multi-writer/${name}.ts`),
  };
}
