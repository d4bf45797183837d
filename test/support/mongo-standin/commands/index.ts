import { CommandHandler } from './context';
import { ddlCommands } from './ddl';
import { findAndModifyCommands } from './find-and-modify';
import { handshakeCommands } from './handshake';
import { readCommands } from './read';
import { transactionCommands } from './transactions';
import { writeCommands } from './write';

export type { CommandContext, CommandHandler } from './context';

const registry = new Map<string, CommandHandler>(
  Object.entries({
    ...handshakeCommands,
    ...readCommands,
    ...writeCommands,
    ...findAndModifyCommands,
    ...ddlCommands,
    ...transactionCommands,
  }),
);

export function findCommand(name: string): CommandHandler | undefined {
  return registry.get(name);
}
