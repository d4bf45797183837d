import { deserialize, Document, serialize } from 'bson';
import { connect, Socket } from 'node:net';
import { MongoStandIn, startMongoStandIn } from '../support/mongo-standin';
import { crc32c } from '../support/mongo-standin/crc32c';

const OP_REPLY = 1;
const OP_QUERY = 2004;
const OP_MSG = 2013;

interface Reply {
  responseTo: number;
  opCode: number;
  doc: Document;
}

function frame(requestId: number, opCode: number, payload: Buffer): Buffer {
  const header = Buffer.alloc(16);
  header.writeInt32LE(16 + payload.length, 0);
  header.writeInt32LE(requestId, 4);
  header.writeInt32LE(0, 8);
  header.writeInt32LE(opCode, 12);
  return Buffer.concat([header, payload]);
}

function opMsg(requestId: number, body: Document, options: { flags?: number; sequence?: [string, Document[]]; checksum?: 'good' | 'bad' } = {}): Buffer {
  const flags = (options.flags ?? 0) | (options.checksum ? 1 : 0);
  const parts = [Buffer.from([0, 0, 0, 0]), Buffer.from([0]), Buffer.from(serialize(body))];
  parts[0].writeUInt32LE(flags, 0);
  if (options.sequence) {
    const [identifier, docs] = options.sequence;
    const content = Buffer.concat([Buffer.from(`${identifier}\0`), ...docs.map((doc) => Buffer.from(serialize(doc)))]);
    const size = Buffer.alloc(4);
    size.writeInt32LE(4 + content.length, 0);
    parts.push(Buffer.from([1]), size, content);
  }
  const withoutChecksum = frame(requestId, OP_MSG, Buffer.concat(parts));
  if (!options.checksum) return withoutChecksum;
  const full = Buffer.concat([withoutChecksum, Buffer.alloc(4)]);
  full.writeInt32LE(full.length, 0);
  const crc = crc32c(full.subarray(0, full.length - 4));
  full.writeUInt32LE(options.checksum === 'good' ? crc : (crc + 1) >>> 0, full.length - 4);
  return full;
}

function opQuery(requestId: number, collection: string, query: Document): Buffer {
  const flags = Buffer.alloc(4);
  const skipAndReturn = Buffer.alloc(8);
  skipAndReturn.writeInt32LE(-1, 4);
  return frame(requestId, OP_QUERY, Buffer.concat([flags, Buffer.from(`${collection}\0`), skipAndReturn, Buffer.from(serialize(query))]));
}

/** A raw wire-protocol connection that collects reply frames. */
class RawConnection {
  private buffer = Buffer.alloc(0);
  private waiters: Array<(reply: Reply) => void> = [];
  private readonly replies: Reply[] = [];
  closed = false;

  private constructor(private readonly socket: Socket) {
    socket.on('data', (chunk: Buffer) => this.onData(chunk));
    socket.on('close', () => {
      this.closed = true;
    });
    socket.on('error', () => undefined);
  }

  static open(port: number): Promise<RawConnection> {
    return new Promise((resolve, reject) => {
      const socket = connect(port, '127.0.0.1', () => resolve(new RawConnection(socket)));
      socket.once('error', reject);
    });
  }

  send(bytes: Buffer): void {
    this.socket.write(bytes);
  }

  next(timeoutMs = 1000): Promise<Reply | undefined> {
    const ready = this.replies.shift();
    if (ready) return Promise.resolve(ready);
    return new Promise((resolve) => {
      const timer = setTimeout(() => {
        this.waiters = this.waiters.filter((waiter) => waiter !== deliver);
        resolve(undefined);
      }, timeoutMs);
      const deliver = (reply: Reply): void => {
        clearTimeout(timer);
        resolve(reply);
      };
      this.waiters.push(deliver);
    });
  }

  async waitClosed(timeoutMs = 1000): Promise<boolean> {
    const deadline = Date.now() + timeoutMs;
    while (!this.closed && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 10));
    return this.closed;
  }

  close(): void {
    this.socket.destroy();
  }

  private onData(chunk: Buffer): void {
    this.buffer = Buffer.concat([this.buffer, chunk]);
    while (this.buffer.length >= 4 && this.buffer.length >= this.buffer.readInt32LE(0)) {
      const length = this.buffer.readInt32LE(0);
      const message = this.buffer.subarray(0, length);
      this.buffer = this.buffer.subarray(length);
      const opCode = message.readInt32LE(12);
      const docStart = opCode === OP_MSG ? 21 : 36;
      const reply = { responseTo: message.readInt32LE(8), opCode, doc: deserialize(message.subarray(docStart)) };
      const waiter = this.waiters.shift();
      if (waiter) waiter(reply);
      else this.replies.push(reply);
    }
  }
}

describe('mongo stand-in wire protocol', () => {
  let standIn: MongoStandIn;
  let connection: RawConnection;

  beforeAll(async () => {
    standIn = await startMongoStandIn();
  });

  afterAll(async () => {
    await standIn?.close();
  });

  beforeEach(async () => {
    standIn.reset();
    connection = await RawConnection.open(standIn.port);
  });

  afterEach(() => connection.close());

  it('answers a legacy OP_QUERY isMaster handshake with OP_REPLY', async () => {
    connection.send(opQuery(7, 'admin.$cmd', { isMaster: 1, helloOk: true }));
    const reply = await connection.next();
    expect(reply).toMatchObject({ responseTo: 7, opCode: OP_REPLY });
    expect(reply?.doc).toMatchObject({ ok: 1, ismaster: true, helloOk: true, maxWireVersion: 21, minWireVersion: 0 });
  });

  it('accepts a $query-wrapped OP_QUERY but refuses other OP_QUERY commands', async () => {
    connection.send(opQuery(1, 'admin.$cmd', { $query: { hello: 1 }, $readPreference: { mode: 'primary' } }));
    expect((await connection.next())?.doc).toMatchObject({ ok: 1, isWritablePrimary: true });
    connection.send(opQuery(2, 'db.$cmd', { find: 'x' }));
    expect((await connection.next())?.doc).toMatchObject({ ok: 0, code: 352 });
  });

  it('merges kind-1 document sequences into the command body', async () => {
    connection.send(opMsg(10, { insert: 'seq', $db: 'wire' }, { sequence: ['documents', [{ _id: 1 }, { _id: 2 }, { _id: 3 }]] }));
    const inserted = await connection.next();
    expect(inserted).toMatchObject({ responseTo: 10, opCode: OP_MSG, doc: { n: 3, ok: 1 } });
    connection.send(opMsg(11, { find: 'seq', filter: {}, $db: 'wire' }));
    const found = await connection.next();
    expect(found?.doc.cursor.firstBatch).toEqual([{ _id: 1 }, { _id: 2 }, { _id: 3 }]);
  });

  it('sends no reply for moreToCome requests but still executes them', async () => {
    connection.send(opMsg(20, { insert: 'quiet', documents: [{ _id: 'a' }], $db: 'wire' }, { flags: 2 }));
    connection.send(opMsg(21, { count: 'quiet', $db: 'wire' }));
    const reply = await connection.next();
    expect(reply).toMatchObject({ responseTo: 21, doc: { n: 1, ok: 1 } });
    expect(await connection.next(200)).toBeUndefined();
  });

  it('verifies CRC-32C checksums and drops the connection on a mismatch', async () => {
    connection.send(opMsg(30, { ping: 1, $db: 'admin' }, { checksum: 'good' }));
    expect((await connection.next())?.doc).toEqual({ ok: 1 });
    connection.send(opMsg(31, { ping: 1, $db: 'admin' }, { checksum: 'bad' }));
    expect(await connection.waitClosed()).toBe(true);
  });

  it('requires $db and rejects unknown required flag bits', async () => {
    connection.send(opMsg(40, { ping: 1 }));
    expect((await connection.next())?.doc).toMatchObject({ ok: 0, code: 40571 });
    connection.send(opMsg(41, { ping: 1, $db: 'admin' }, { flags: 1 << 5 }));
    expect(await connection.waitClosed()).toBe(true);
  });

  it('handles messages split across TCP packets and several messages in one packet', async () => {
    const first = opMsg(50, { ping: 1, $db: 'admin' });
    const second = opMsg(51, { buildInfo: 1, $db: 'admin' });
    const both = Buffer.concat([first, second]);
    connection.send(both.subarray(0, 3));
    await new Promise((resolve) => setTimeout(resolve, 20));
    connection.send(both.subarray(3));
    expect((await connection.next())?.responseTo).toBe(50);
    const info = await connection.next();
    expect(info).toMatchObject({ responseTo: 51, doc: { version: '7.0.0', ok: 1 } });
  });
});
