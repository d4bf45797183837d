import { createHash } from 'node:crypto';
import { sha256Hex } from '../../src/util/sha256';

const digest = (text: string) => createHash('sha256').update(text, 'utf8').digest('hex');

describe('sha256Hex', () => {
  // Lengths around the padding's edges (55, 56, 63, 64 bytes), several blocks, and multi-byte characters.
  const texts = ['', 'abc', 'a'.repeat(55), 'a'.repeat(56), 'a'.repeat(63), 'a'.repeat(64), 'x'.repeat(1_000), 'héllo\0wörld 😀', 'host\0boot\0pid:[4026531836]'];
  it.each(texts.map((text) => [Buffer.byteLength(text), text]))('gives the digest node:crypto gives for a text of %i bytes', (_bytes, text) => {
    expect(sha256Hex(text as string)).toBe(digest(text as string));
  });

  it('gives the known digest of "abc"', () => {
    expect(sha256Hex('abc')).toBe('ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad');
  });
});
