import { CodecError, decodeValue, encodeValue } from '../../src/codec/value-codec';

describe('value codec', () => {
  const keys = ['', '__proto__', 'constructor', '$where', '$', 'a.b', '.', '%', '%2E', '%25', '~', '~x', 'num', 'a\u0000b', '𝄞'];

  it('stores every key behind a ~, with %, . and NUL escaped, and reads each back exactly', () => {
    const value: Record<string, unknown> = {};
    keys.forEach((key, i) => Object.defineProperty(value, key, { value: i, enumerable: true, writable: true, configurable: true }));
    const encoded = encodeValue(value) as Record<string, unknown>;
    for (const stored of Object.keys(encoded)) {
      expect(stored.startsWith('~')).toBe(true);
      expect(stored.slice(1).includes('.') || stored.includes('\u0000')).toBe(false);
    }
    expect(Object.keys(encoded)).toContain('~a%2Eb');
    expect(Object.keys(encoded)).toContain('~%252E');
    const decoded = decodeValue(JSON.parse(JSON.stringify(encoded))) as Record<string, unknown>;
    expect(Object.keys(decoded)).toEqual(Object.keys(value));
    expect(Object.getPrototypeOf(decoded)).toBe(Object.prototype);
    keys.forEach((key, i) => expect(decoded[key]).toBe(i));
  });

  it('keeps numbers JSON cannot write and keeps nesting depth unchanged', () => {
    const encoded = encodeValue([NaN, Infinity, -Infinity, -0, 0, 1.5]);
    expect(encoded).toEqual([{ num: 'NaN' }, { num: 'Infinity' }, { num: '-Infinity' }, { num: '-0' }, 0, 1.5]);
    const decoded = decodeValue(JSON.parse(JSON.stringify(encoded))) as number[];
    expect(decoded.map((n) => Object.is(n, -0))).toEqual([false, false, false, true, false, false]);
    expect(decoded.slice(0, 3)).toEqual([NaN, Infinity, -Infinity]);
    expect(encodeValue({ a: { b: [{ c: 1 }] } })).toEqual({ '~a': { '~b': [{ '~c': 1 }] } });
  });

  it('rejects stored objects that it did not write', () => {
    expect(() => decodeValue({ plain: 1 })).toThrow(CodecError);
    expect(() => decodeValue({ num: 'NotANumber' })).toThrow(CodecError);
    expect(() => encodeValue(() => 1)).toThrow(CodecError);
  });
});
