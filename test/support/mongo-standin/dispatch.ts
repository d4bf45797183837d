import { Document } from 'bson';
import { findCommand } from './commands';
import { asCommandError, CommandError } from './errors';
import { failureReply, InjectedFailure } from './faults';
import { SessionBinding } from './sessions';
import { ServerState } from './state';

export interface DispatchResult {
  /** Undefined when the connection must be dropped instead of answered. */
  reply?: Document;
}

const TRANSACTION_END_COMMANDS = new Set(['commitTransaction', 'abortTransaction']);

/** Runs one command: counting, injected faults, session/transaction binding, error replies. */
export function dispatchCommand(server: ServerState, body: Document, db: string, connectionId: number): DispatchResult {
  const name = Object.keys(body)[0] ?? '';
  server.stats.record(name);
  const fault = server.faults.take(name);
  if (fault && !fault.afterExecute) return injected(fault, name, body);
  const reply = execute(server, name, body, db, connectionId);
  return fault ? injected(fault, name, body) : { reply };
}

function injected(fault: InjectedFailure, name: string, body: Document): DispatchResult {
  return fault.closeConnection ? {} : { reply: failureReply(fault, name, body) };
}

function execute(server: ServerState, name: string, body: Document, db: string, connectionId: number): Document {
  const handler = findCommand(name);
  if (!handler) return CommandError.of('CommandNotFound', `no such command: '${name}'`).toReply();
  let binding: SessionBinding | undefined;
  try {
    binding = server.sessions.bind(name, body);
    if (binding.replay) return binding.replay;
    const reply = handler({ name, body, db, view: binding.view, txn: binding.txn, server, connectionId });
    if (binding.txn && Array.isArray(reply.writeErrors)) binding.txn.abort();
    binding.remember?.(reply);
    return reply;
  } catch (error) {
    // As on a real server, any failed statement aborts the surrounding transaction.
    if (binding?.txn && !TRANSACTION_END_COMMANDS.has(name)) binding.txn.abort();
    return asCommandError(error).toReply();
  }
}
