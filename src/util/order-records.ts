/**
 * Orders strings by Unicode code point, which is the order of their UTF-8 bytes and so MongoDB's
 * (a plain `<` compares UTF-16 code units and puts U+10000 and above before U+E000 to U+FFFF).
 */
export function compareCodePoints(a: string, b: string): number {
  const length = Math.min(a.length, b.length);
  for (let i = 0; i < length; i++) {
    const x = a.charCodeAt(i);
    const y = b.charCodeAt(i);
    if (x !== y) return codePointRank(x) - codePointRank(y);
  }
  return a.length - b.length;
}

/** A code unit's place in code point order: surrogates (the astral planes) after U+E000 to U+FFFF. */
function codePointRank(unit: number): number {
  if (unit >= 0xd800 && unit <= 0xdfff) return unit + 0x2000;
  if (unit >= 0xe000) return unit - 0x800;
  return unit;
}

/** Sorts records by creation time, then id (by code point), as every list() returns them. */
export function byCreatedThenId(a: { created: Date; id: string }, b: { created: Date; id: string }): number {
  const difference = a.created.getTime() - b.created.getTime();
  if (difference !== 0) return difference;
  return compareCodePoints(a.id, b.id);
}
