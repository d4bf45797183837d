import { Document } from 'bson';
import { CommandContext, CommandHandler, optionalArray } from './context';

/** MongoDB 7.0. The mongodb 7 driver needs at least 9 (4.4). */
export const MAX_WIRE_VERSION = 21;
const SERVER_VERSION = '7.0.0';
const MAX_BSON_OBJECT_SIZE = 16 * 1024 * 1024;
const MAX_MESSAGE_SIZE_BYTES = 48_000_000;

/**
 * No topologyVersion is advertised, so the driver polls (heartbeatFrequencyMS) instead of using
 * the streaming (exhaust) monitoring protocol, which the stand-in does not implement.
 */
function helloReply(ctx: CommandContext, legacy: boolean): Document {
  const { server } = ctx;
  const reply: Document = {
    ...(legacy ? { ismaster: true } : { isWritablePrimary: true }),
    ...(ctx.body.helloOk === true ? { helloOk: true } : {}),
    maxBsonObjectSize: MAX_BSON_OBJECT_SIZE,
    maxMessageSizeBytes: MAX_MESSAGE_SIZE_BYTES,
    maxWriteBatchSize: 100_000,
    localTime: new Date(),
    logicalSessionTimeoutMinutes: 30,
    connectionId: ctx.connectionId,
    minWireVersion: 0,
    maxWireVersion: MAX_WIRE_VERSION,
    readOnly: false,
  };
  if (server.mode === 'replicaSet') {
    Object.assign(reply, {
      setName: server.replicaSetName,
      setVersion: 1,
      hosts: [server.host],
      primary: server.host,
      me: server.host,
      secondary: false,
      electionId: server.electionId,
    });
  }
  return { ...reply, ok: 1 };
}

const buildInfo: CommandHandler = () => ({
  version: SERVER_VERSION,
  gitVersion: 'mongo-standin',
  versionArray: [7, 0, 0, 0],
  bits: 64,
  debug: false,
  maxBsonObjectSize: MAX_BSON_OBJECT_SIZE,
  storageEngines: ['mongo-standin'],
  javascriptEngine: 'none',
  ok: 1,
});

const getParameter: CommandHandler = (ctx) => {
  const reply: Document = {};
  if (ctx.body.featureCompatibilityVersion != null || ctx.body.getParameter === '*') {
    reply.featureCompatibilityVersion = { version: '7.0' };
  }
  return { ...reply, ok: 1 };
};

const endSessions: CommandHandler = (ctx) => {
  ctx.server.sessions.end(optionalArray(ctx.body, ctx.name) ?? []);
  return { ok: 1 };
};

const killAllSessions: CommandHandler = (ctx) => {
  ctx.server.sessions.endAll();
  return { ok: 1 };
};

export const handshakeCommands: Record<string, CommandHandler> = {
  hello: (ctx) => helloReply(ctx, false),
  isMaster: (ctx) => helloReply(ctx, true),
  ismaster: (ctx) => helloReply(ctx, true),
  ping: () => ({ ok: 1 }),
  buildInfo,
  buildinfo: buildInfo,
  getParameter,
  endSessions,
  killSessions: endSessions,
  killAllSessions,
  refreshSessions: () => ({ ok: 1 }),
};
