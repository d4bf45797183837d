import type { InstructionDocument } from '../codec/record-codec';
import type { Encoded } from '../codec/value-codec';
import type { StoredText } from '../codec/text-codec';

/** One bytecode instruction as a stored program embeds it (record-codec.ts). */
export class Instruction implements InstructionDocument {
  [escapedKey: `~${string}`]: Encoded;

  op!: StoredText;
  arg?: Encoded;
  line?: Encoded;
}
