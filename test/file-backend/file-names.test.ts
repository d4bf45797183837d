import fc from 'fast-check';
import { fileNameOf, idOfFileName, isHashedName, MAX_NAME_BYTES, mayShareFile } from '../../src/repositories/file/file-names';
import { isWellFormed } from '../../src/codec/text-codec';
import { ID_PATTERN } from '../../src/validation/ids';

/** Any JS string: every UTF-16 code unit, lone surrogates too, short or far past the name limit. */
const anyString = fc.oneof(
  fc.string({ unit: 'binary', maxLength: 40 }),
  fc.array(fc.integer({ min: 0, max: 0xffff }), { maxLength: 40 }).map((units) => String.fromCharCode(...units)),
  fc.string({ unit: fc.constantFrom('a', '%', '/', '\\', '.', ' ', 'é', '😀', '\u0000', '\ud800', '-'), maxLength: 400 }),
  fc.string({ unit: 'binary', minLength: 50, maxLength: 300 }),
);

/** Ids of the alphabet accepted before any string was (ID_PATTERN, never '.' or '..'). */
const oldId = fc.string({ unit: fc.constantFrom(...'abcXYZ019_.:-'), minLength: 1, maxLength: 200 }).filter((id) => id !== '.' && id !== '..');

/** A separator, or a C0 or C1 control character or DEL. */
function hasUnsafeCharacter(name: string): boolean {
  return [...name].some((char) => char === '/' || char === '\\' || char.charCodeAt(0) < 0x20 || (char.charCodeAt(0) >= 0x7f && char.charCodeAt(0) <= 0x9f));
}

describe('fileNameOf and idOfFileName', () => {
  it('give every id of the old alphabet its old file name: the id itself', () => {
    fc.assert(
      fc.property(oldId, (id) => {
        expect(ID_PATTERN.test(id)).toBe(true);
        expect(fileNameOf(id)).toBe(id);
        expect(idOfFileName(id)).toBe(id);
      }),
    );
    expect(fileNameOf('x'.repeat(200))).toBe('x'.repeat(200));
  });

  it('are inverse: a name that spells its id out turns back into it, a hashed one into null', () => {
    fc.assert(
      fc.property(anyString.filter((id) => id.length > 0), (id) => {
        const name = fileNameOf(id);
        if (isHashedName(name)) expect(idOfFileName(name)).toBeNull();
        else expect(idOfFileName(name)).toBe(id);
      }),
      { numRuns: 2000 },
    );
  });

  it('never give two ids one name', () => {
    fc.assert(
      fc.property(fc.uniqueArray(anyString, { minLength: 2, maxLength: 30 }), (ids) => {
        expect(new Set(ids.map(fileNameOf)).size).toBe(ids.length);
      }),
      { numRuns: 500 },
    );
    const long = 'x'.repeat(300);
    expect(fileNameOf(`${long}a`)).not.toBe(fileNameOf(`${long}b`));
    expect(fileNameOf(long)).not.toBe(fileNameOf(fileNameOf(long)));
  });

  it('give names with no separator or control character, within MAX_NAME_BYTES, that a file system keeps', () => {
    fc.assert(
      fc.property(anyString.filter((id) => id.length > 0), (id) => {
        const name = fileNameOf(id);
        expect(hasUnsafeCharacter(name)).toBe(false);
        expect(isWellFormed(name)).toBe(true);
        expect(name.length).toBeGreaterThan(0);
        expect(Buffer.byteLength(name, 'utf8')).toBeLessThanOrEqual(MAX_NAME_BYTES);
      }),
      { numRuns: 2000 },
    );
  });

  it('keep the raw names the original CVM wrote for ids a POSIX name can hold', () => {
    for (const id of ['résumé-1', 'daily report', 'daily report-1764000000000', '日本語', '😀', '$x', 'a b', '..', '.', '...', '.hidden', 'CON', 'nul.json', 'a:b', 'x.', 'x ', '*?<>|"']) {
      expect(fileNameOf(id)).toBe(id);
      expect(idOfFileName(id)).toBe(id);
    }
  });

  it('escape separators, control characters, the escape itself and lone surrogates', () => {
    expect(fileNameOf('a/b')).toBe('a%2Fb');
    expect(fileNameOf('..\\x')).toBe('..%5Cx');
    expect(fileNameOf('a\u0000b')).toBe('a%00b');
    expect(fileNameOf('x\n')).toBe('x%0A');
    expect(fileNameOf('\u007f\u0085')).toBe('%7F%C2%85');
    expect(fileNameOf('100%')).toBe('100%25');
    expect(fileNameOf('%2e%2e%2f')).toBe('%252e%252e%252f');
    expect(fileNameOf('a\ud800b')).toBe('a%uD800b');
    expect(fileNameOf('\udc00')).toBe('%uDC00');
  });

  it('hash a name past MAX_NAME_BYTES, keeping its start', () => {
    const name = fileNameOf('é'.repeat(150));
    expect(isHashedName(name)).toBe(true);
    expect(name.startsWith('é'.repeat(60))).toBe(true);
    expect(name).toMatch(/%-[0-9a-f]{64}$/);
    expect(fileNameOf('/'.repeat(100))).toMatch(/^(%2F){40}%-[0-9a-f]{64}$/);
  });

  it('turn no other name into an id: not ours, not canonical, or cut escapes', () => {
    for (const name of ['', '%41', '%2f', '%', '%2', '%G0', '%u12', 'a/b', 'a\\b', 'x\n', '%C3', '%FF', '%uD83D\ude00', 'x%-abc']) {
      expect(idOfFileName(name)).toBeNull();
    }
  });

  it('tell which ids a case- or normalization-folding file system may put in one file', () => {
    expect(mayShareFile('Report', 'report')).toBe(true);
    expect(mayShareFile('r\u00e9sum\u00e9', 're\u0301sume\u0301')).toBe(true);
    expect(mayShareFile('ÉTÉ', 'été')).toBe(true);
    expect(mayShareFile('a', 'b')).toBe(false);
    expect(mayShareFile('a/b', 'a%2Fb')).toBe(false);
  });
});
