/** A stored value that cannot be decoded: the backends report it as a CorruptRecordError. */
export class CodecError extends Error {}
