import { readFileSync } from 'node:fs';
import path from 'node:path';

const ROOT = path.resolve(__dirname, '../..');
const DOC = 'README.md';
const MARKED_BLOCK = /<!-- from: (\S+) -->\n```typescript\n([\s\S]*?)```/g;

/** The examples import the package's source; the docs show the package's entry points. */
const PACKAGE_IMPORTS: [RegExp, string][] = [
  [/'\.\.\/\.\.\/src\/testing\/nest'/g, "'@cvm/storage/testing/nest'"],
  [/'\.\.\/\.\.\/src\/testing'/g, "'@cvm/storage/testing'"],
  [/'\.\.\/\.\.\/src\/nest'/g, "'@cvm/storage/nest'"],
  [/'\.\.\/\.\.\/src\/file'/g, "'@cvm/storage/file'"],
  [/'\.\.\/\.\.\/src\/mongodb'/g, "'@cvm/storage/mongodb'"],
  [/'\.\.\/\.\.\/src\/http'/g, "'@cvm/storage/http'"],
  [/'\.\.\/\.\.\/src'/g, "'@cvm/storage'"],
];

function asPublished(source: string): string {
  return PACKAGE_IMPORTS.reduce((text, [pattern, replacement]) => text.replace(pattern, replacement), source);
}

const blocks = [...readFileSync(path.join(ROOT, DOC), 'utf8').matchAll(MARKED_BLOCK)].map(([, file, code]) => ({ file, code }));

describe(`${DOC} shows the examples' code`, () => {
  it('marks code from both example apps', () => {
    const files = new Set(blocks.map((block) => block.file));
    expect([...files]).toEqual(expect.arrayContaining(['examples/express/app.ts', 'examples/nest/app.module.ts']));
  });

  it.each(blocks.map((block, index) => [index + 1, block.file, block.code] as const))(
    'block %i is an excerpt of %s',
    (_index, file, code) => {
      expect(asPublished(readFileSync(path.join(ROOT, file), 'utf8'))).toContain(code);
    },
  );
});
