const HEADER_SIZE = 16;
/** A little above the advertised maxMessageSizeBytes (48 MB) to allow message overhead. */
const MAX_FRAME_SIZE = 48_000_000 + 16 * 1024 * 1024;

export class FramingError extends Error {}

/** Splits a TCP byte stream into complete wire-protocol messages (length-prefixed frames). */
export class FrameReader {
  private chunks: Buffer[] = [];
  private buffered = 0;

  push(chunk: Buffer): Buffer[] {
    this.chunks.push(chunk);
    this.buffered += chunk.length;
    const frames: Buffer[] = [];
    for (;;) {
      if (this.buffered < 4) break;
      const length = this.peekLength();
      if (length < HEADER_SIZE || length > MAX_FRAME_SIZE) throw new FramingError(`invalid message length ${length}`);
      if (this.buffered < length) break;
      const all = this.chunks.length === 1 ? this.chunks[0] : Buffer.concat(this.chunks, this.buffered);
      frames.push(all.subarray(0, length));
      const rest = all.subarray(length);
      this.chunks = rest.length > 0 ? [rest] : [];
      this.buffered = rest.length;
    }
    return frames;
  }

  private peekLength(): number {
    if (this.chunks[0].length < 4) this.chunks = [Buffer.concat(this.chunks, this.buffered)];
    return this.chunks[0].readInt32LE(0);
  }
}
