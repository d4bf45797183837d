import { Document } from 'bson';
import { AddressInfo, createServer, Server, Socket } from 'node:net';
import { dispatchCommand, DispatchResult } from './dispatch';
import { CommandError } from './errors';
import { FrameReader } from './framing';
import { ServerState } from './state';
import { CommandMessage, encodeOpMsg, encodeOpReply, OP_MSG, parseMessage } from './wire';

/** Since MongoDB 5.1 OP_QUERY is only accepted for the connection handshake. */
const OP_QUERY_COMMANDS = new Set(['hello', 'isMaster', 'ismaster']);

/** The TCP side: accepts connections, frames messages, hands commands to the dispatcher. */
export class StandInServer {
  private readonly server: Server;
  private readonly sockets = new Set<Socket>();
  private nextRequestId = 1;

  constructor(private readonly state: ServerState) {
    this.server = createServer((socket) => this.accept(socket));
  }

  listen(): Promise<number> {
    return new Promise((resolve, reject) => {
      this.server.once('error', reject);
      this.server.listen(0, '127.0.0.1', () => {
        this.server.off('error', reject);
        resolve((this.server.address() as AddressInfo).port);
      });
    });
  }

  close(): Promise<void> {
    return new Promise((resolve) => {
      this.server.close(() => resolve());
      for (const socket of this.sockets) socket.destroy();
    });
  }

  private accept(socket: Socket): void {
    this.sockets.add(socket);
    socket.setNoDelay(true);
    const connectionId = this.state.newConnectionId();
    const reader = new FrameReader();
    socket.on('data', (chunk: Buffer) => {
      try {
        for (const frame of reader.push(chunk)) {
          if (!this.handle(socket, parseMessage(frame), connectionId)) return;
        }
      } catch {
        // A malformed message ends the connection, as on a real server.
        socket.destroy();
      }
    });
    socket.on('error', () => socket.destroy());
    socket.on('close', () => this.sockets.delete(socket));
  }

  /** Returns false once the connection has been dropped. */
  private handle(socket: Socket, message: CommandMessage, connectionId: number): boolean {
    const result = this.run(message, connectionId);
    if (!result.reply) {
      socket.destroy();
      return false;
    }
    if (message.moreToCome) return true;
    const requestId = this.nextRequestId++;
    socket.write(
      message.opCode === OP_MSG
        ? encodeOpMsg(requestId, message.requestId, result.reply)
        : encodeOpReply(requestId, message.requestId, result.reply),
    );
    return true;
  }

  private run(message: CommandMessage, connectionId: number): DispatchResult {
    const name = Object.keys(message.body)[0] ?? '';
    if (message.opCode !== OP_MSG && !OP_QUERY_COMMANDS.has(name)) {
      return errorResult(CommandError.of('UnsupportedOpQueryCommand', `Unsupported OP_QUERY command: ${name}`));
    }
    if (message.db === '') return errorResult(new CommandError(40571, 'OP_MSG requests require a $db argument', {}, 'Location40571'));
    return dispatchCommand(this.state, message.body, message.db, connectionId);
  }
}

function errorResult(error: CommandError): { reply: Document } {
  return { reply: error.toReply() };
}
