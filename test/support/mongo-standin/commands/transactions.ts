import { CommandHandler } from './context';

export const transactionCommands: Record<string, CommandHandler> = {
  commitTransaction: (ctx) => ctx.server.sessions.commit(ctx.txn),
  abortTransaction: (ctx) => ctx.server.sessions.abort(ctx.txn),
};
