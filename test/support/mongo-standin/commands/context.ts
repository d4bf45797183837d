import { Document } from 'bson';
import { isPlainObject, toInteger } from '../bson-values';
import { Catalog } from '../catalog';
import { CommandError } from '../errors';
import { ServerState } from '../state';
import { Transaction } from '../transactions';

export interface CommandContext {
  /** Command name: the first key of the body. */
  name: string;
  body: Document;
  db: string;
  /** Live data, or the transaction's snapshot. */
  view: Catalog;
  txn?: Transaction;
  server: ServerState;
  connectionId: number;
}

export type CommandHandler = (ctx: CommandContext) => Document;

/** `db.collection` named by the command's first field. */
export function collectionNs(ctx: CommandContext): string {
  const name = ctx.body[ctx.name];
  if (typeof name !== 'string' || name.length === 0) {
    throw CommandError.of('InvalidNamespace', `collection name must be a non-empty string for ${ctx.name}`);
  }
  return `${ctx.db}.${name}`;
}

export function optionalDocument(body: Document, field: string): Document | undefined {
  const value = body[field];
  if (value == null) return undefined;
  if (!isPlainObject(value)) throw CommandError.of('TypeMismatch', `'${field}' must be a document`);
  return value;
}

export function optionalArray(body: Document, field: string): unknown[] | undefined {
  const value = body[field];
  if (value == null) return undefined;
  if (!Array.isArray(value)) throw CommandError.of('TypeMismatch', `'${field}' must be an array`);
  return value;
}

export function documentList(body: Document, field: string): Document[] {
  const list = optionalArray(body, field) ?? [];
  if (!list.every(isPlainObject)) throw CommandError.of('TypeMismatch', `'${field}' must be an array of documents`);
  return list as Document[];
}

export function optionalInteger(body: Document, field: string): number | undefined {
  const value = body[field];
  return value == null ? undefined : toInteger(value, 0);
}
