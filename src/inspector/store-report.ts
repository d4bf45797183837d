import { PassThrough } from 'node:stream';
import type { CliIO } from '../cli/cli-io';
import { check } from '../cli/commands/check';
import { inspect } from '../cli/commands/inspect';
import { Reporter } from '../cli/reporter';
import type { StoreTarget } from '../cli/store-target';

export interface StoreReport {
  inspect: unknown;
  check: unknown;
}

/** What `cvm-storage inspect --json` and `check --json` print for `store`: the CLI's own functions, their output captured. */
export async function storeReport(store: StoreTarget, env: NodeJS.ProcessEnv = process.env): Promise<StoreReport> {
  return { inspect: await captured(store, env, (ctx) => inspect(ctx)), check: await captured(store, env, (ctx) => check(ctx, {})) };
}

async function captured(store: StoreTarget, env: NodeJS.ProcessEnv, command: (ctx: Parameters<typeof inspect>[0]) => Promise<number>): Promise<unknown> {
  const stdout = new PassThrough();
  const stderr = new PassThrough();
  const chunks: Buffer[] = [];
  stdout.on('data', (chunk: Buffer) => chunks.push(chunk));
  stderr.resume();
  const io: CliIO = { stdout, stderr, stdin: new PassThrough(), env };
  await command({ io, reporter: new Reporter(io, true), store });
  return JSON.parse(Buffer.concat(chunks).toString('utf8')) as unknown;
}
