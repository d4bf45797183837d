import { createServer } from 'node:http';
import { writeText } from '../cli-io';
import { EXIT, UsageError, type ExitCode } from '../cli-errors';
import { announceStore, type CommandContext } from '../command-context';
import { describeStore, openStore } from '../store-target';
import { newAccessToken } from '../../inspector/access-token';
import { createInspector } from '../../inspector/inspector-handler';

export interface UiFlags {
  port?: string;
  host?: string;
}

/** `cvm-storage ui`: serves the read-only inspector until SIGINT or SIGTERM; the URL, with its token, is the first line of stdout. */
export async function ui(ctx: CommandContext, flags: UiFlags, signals: NodeJS.EventEmitter = process): Promise<ExitCode> {
  const port = Number(flags.port ?? '0');
  if (!Number.isSafeInteger(port) || port < 0 || port > 65535) throw new UsageError(`--port must be a whole number from 0 to 65535, not ${JSON.stringify(flags.port)}`);
  const host = flags.host ?? '127.0.0.1';
  const adapter = await openStore(ctx.store, { serverSelectionTimeoutMS: ctx.serverSelectionTimeoutMS, operationTimeoutMS: ctx.operationTimeoutMS, readOnly: true });
  const token = newAccessToken();
  const server = createServer(createInspector({ adapter, token, store: ctx.store, storeLabel: describeStore(ctx.store) }));
  try {
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(port, host, resolve);
    });
  } catch (error) {
    await adapter.disconnect();
    throw new UsageError(`cannot listen on ${host}:${port}: ${(error as Error).message}`, { cause: error });
  }
  const address = server.address();
  const bound = typeof address === 'object' && address !== null ? address.port : port;
  const shownHost = host.includes(':') ? `[${host}]` : host;
  await writeText(ctx.io.stdout, `http://${shownHost}:${bound}/?token=${token}\n`);
  await announceStore(ctx);
  await new Promise<void>((resolve) => {
    const stop = (): void => {
      signals.off('SIGINT', stop);
      signals.off('SIGTERM', stop);
      server.closeAllConnections();
      server.close(() => resolve());
    };
    signals.once('SIGINT', stop);
    signals.once('SIGTERM', stop);
  });
  await adapter.disconnect();
  return EXIT.OK;
}
