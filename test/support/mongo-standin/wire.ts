import { deserialize, Document, serialize } from 'bson';
import { DESERIALIZE_OPTIONS } from './bson-values';
import { crc32c } from './crc32c';

export const OP_REPLY = 1;
export const OP_QUERY = 2004;
export const OP_COMPRESSED = 2012;
export const OP_MSG = 2013;

const CHECKSUM_PRESENT = 1 << 0;
const MORE_TO_COME = 1 << 1;
/** Bits 0-15 are "required": a receiver must reject flags it does not know; exhaustAllowed (bit 16) is ignored. */
const KNOWN_REQUIRED_FLAGS = CHECKSUM_PRESENT | MORE_TO_COME;

export class ProtocolError extends Error {}

export interface CommandMessage {
  requestId: number;
  opCode: typeof OP_MSG | typeof OP_QUERY;
  db: string;
  body: Document;
  /** OP_MSG moreToCome: the client expects no reply (w:0 writes). */
  moreToCome: boolean;
}

export function parseMessage(frame: Buffer): CommandMessage {
  const requestId = frame.readInt32LE(4);
  const opCode = frame.readInt32LE(12);
  if (opCode === OP_MSG) return parseOpMsg(frame, requestId);
  if (opCode === OP_QUERY) return parseOpQuery(frame, requestId);
  throw new ProtocolError(`unsupported opcode ${opCode}${opCode === OP_COMPRESSED ? ' (compression was not negotiated)' : ''}`);
}

function readDocument(frame: Buffer, offset: number): { doc: Document; end: number } {
  const size = frame.readInt32LE(offset);
  if (size < 5 || offset + size > frame.length) throw new ProtocolError('truncated BSON document');
  return { doc: deserialize(frame.subarray(offset, offset + size), DESERIALIZE_OPTIONS), end: offset + size };
}

function readCString(frame: Buffer, offset: number): { value: string; end: number } {
  const zero = frame.indexOf(0, offset);
  if (zero < 0) throw new ProtocolError('unterminated cstring');
  return { value: frame.toString('utf8', offset, zero), end: zero + 1 };
}

function parseOpMsg(frame: Buffer, requestId: number): CommandMessage {
  const flags = frame.readUInt32LE(16);
  const unknownRequired = flags & 0xffff & ~KNOWN_REQUIRED_FLAGS;
  if (unknownRequired !== 0) throw new ProtocolError(`unknown required OP_MSG flag bits ${unknownRequired}`);
  const end = flags & CHECKSUM_PRESENT ? frame.length - 4 : frame.length;
  if (flags & CHECKSUM_PRESENT && crc32c(frame.subarray(0, end)) !== frame.readUInt32LE(end)) {
    throw new ProtocolError('OP_MSG checksum mismatch');
  }
  let offset = 20;
  let body: Document | undefined;
  const sequences: Array<[string, Document[]]> = [];
  while (offset < end) {
    const kind = frame.readUInt8(offset++);
    if (kind === 0) {
      if (body) throw new ProtocolError('OP_MSG with more than one body section');
      const read = readDocument(frame, offset);
      body = read.doc;
      offset = read.end;
    } else if (kind === 1) {
      const sectionEnd = offset + frame.readInt32LE(offset);
      const identifier = readCString(frame, offset + 4);
      const docs: Document[] = [];
      for (let position = identifier.end; position < sectionEnd; ) {
        const read = readDocument(frame, position);
        docs.push(read.doc);
        position = read.end;
      }
      sequences.push([identifier.value, docs]);
      offset = sectionEnd;
    } else {
      throw new ProtocolError(`unknown OP_MSG section kind ${kind}`);
    }
  }
  if (!body) throw new ProtocolError('OP_MSG without a body section');
  for (const [identifier, docs] of sequences) {
    if (identifier in body) throw new ProtocolError(`duplicate field ${identifier} in OP_MSG body and document sequence`);
    body[identifier] = docs;
  }
  return {
    requestId,
    opCode: OP_MSG,
    db: typeof body.$db === 'string' ? body.$db : '',
    body,
    moreToCome: (flags & MORE_TO_COME) !== 0,
  };
}

function parseOpQuery(frame: Buffer, requestId: number): CommandMessage {
  const collection = readCString(frame, 20);
  const query = readDocument(frame, collection.end + 8).doc;
  const body = query.$query !== null && typeof query.$query === 'object' ? (query.$query as Document) : query;
  const db = collection.value.endsWith('.$cmd') ? collection.value.slice(0, -'.$cmd'.length) : '';
  return { requestId, opCode: OP_QUERY, db, body, moreToCome: false };
}

function header(length: number, requestId: number, responseTo: number, opCode: number): Buffer {
  const buffer = Buffer.allocUnsafe(length);
  buffer.writeInt32LE(length, 0);
  buffer.writeInt32LE(requestId, 4);
  buffer.writeInt32LE(responseTo, 8);
  buffer.writeInt32LE(opCode, 12);
  return buffer;
}

export function encodeOpMsg(requestId: number, responseTo: number, body: Document): Buffer {
  const doc = serialize(body, { ignoreUndefined: true });
  const buffer = header(21 + doc.length, requestId, responseTo, OP_MSG);
  buffer.writeUInt32LE(0, 16);
  buffer.writeUInt8(0, 20);
  buffer.set(doc, 21);
  return buffer;
}

export function encodeOpReply(requestId: number, responseTo: number, doc: Document): Buffer {
  const bytes = serialize(doc, { ignoreUndefined: true });
  const buffer = header(36 + bytes.length, requestId, responseTo, OP_REPLY);
  buffer.writeInt32LE(0, 16);
  buffer.writeBigInt64LE(0n, 20);
  buffer.writeInt32LE(0, 28);
  buffer.writeInt32LE(1, 32);
  buffer.set(bytes, 36);
  return buffer;
}
