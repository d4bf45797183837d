import { readFileSync } from 'node:fs';
import path from 'node:path';
import { ROOT, type CodeBlock } from './markdown-blocks';

/** The example files import the package's source; the docs show the package's entry points. */
const PACKAGE_IMPORTS: [RegExp, string][] = [
  [/'(?:\.\.\/)+src\/testing\/nest'/g, "'@cvm/storage/testing/nest'"],
  [/'(?:\.\.\/)+src\/([a-z]+)'/g, "'@cvm/storage/$1'"],
  [/'(?:\.\.\/)+src'/g, "'@cvm/storage'"],
];

export function asPublished(source: string): string {
  return PACKAGE_IMPORTS.reduce((text, [pattern, replacement]) => text.replace(pattern, replacement), source);
}

/**
 * What of an excerpt block is not in its source file, or null when all of it is. The lines after
 * the `// excerpt of` line are the file's own lines, in order and next to each other, except
 * where a `// ...` line leaves some out.
 */
export function missingFromSource(block: CodeBlock, source: string): string | null {
  const text = asPublished(readFileSync(path.join(ROOT, source), 'utf8'));
  const pieces = block.code.split('\n').slice(1).join('\n').split(/^[ \t]*\/\/ \.\.\.\n/m);
  let from = 0;
  for (const piece of pieces.map((part) => part.replace(/\n*$/, '\n'))) {
    const at = piece === '\n' ? from : text.indexOf(piece, from);
    if (at < 0) return piece;
    from = at + piece.length;
  }
  return null;
}
