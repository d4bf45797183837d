import { LIMITS } from '../../validation/limits';

/**
 * The cases of output validation: the contract runs one per path of the issue
 * (output-validation.ts), the package's own tests run them all against the validator.
 */

function withHole(): unknown[] {
  const lines: unknown[] = new Array(3);
  lines[0] = 'a';
  lines[2] = 'c';
  return lines;
}

/** [label, a bad `lines` argument, path of the issue]. */
export const BAD_LINES: [string, () => unknown, string][] = [
  ['a number among strings', () => ['ok', 42], 'lines.1'],
  ['null among strings', () => ['ok', null], 'lines.1'],
  ['undefined among strings', () => ['ok', undefined], 'lines.1'],
  ['a hole', withHole, 'lines.1'],
  ['an object line', () => [{ text: 'x' }], 'lines.0'],
  ['a nested array line', () => [['x']], 'lines.0'],
  ['a Buffer line', () => [Buffer.from('x')], 'lines.0'],
  ['a boxed string line', () => [Object('x') as unknown], 'lines.0'],
  ['a line longer than LIMITS.maxStringLength', () => ['ok', 'l'.repeat(LIMITS.maxStringLength + 1)], 'lines.1'],
  [
    'more than LIMITS.maxRecordBytes stored in one call',
    () => Array.from({ length: 4 }, () => 'm'.repeat(LIMITS.maxStringLength)),
    'lines',
  ],
  [
    '6 Mi three-byte characters in one call (18 MiB of UTF-8, more than a MongoDB document holds)',
    () => Array.from({ length: 2 }, () => '\u4e2d'.repeat(3 * 1024 * 1024)),
    'lines',
  ],
  ['a string instead of an array', () => 'just text', 'lines'],
  ['null instead of an array', () => null, 'lines'],
  ['undefined instead of an array', () => undefined, 'lines'],
  ['an array-like object', () => ({ 0: 'a', length: 1 }), 'lines'],
  ['a Set of strings', () => new Set(['a']), 'lines'],
];
