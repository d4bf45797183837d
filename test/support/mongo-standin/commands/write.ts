import { Document } from 'bson';
import { isPlainObject, toInteger } from '../bson-values';
import { asCommandError, CommandError, ErrorCode } from '../errors';
import { deleteDocuments, updateDocuments } from '../mutations';
import { prepareInsert, UpdateSpec } from '../update';
import { CommandContext, CommandHandler, collectionNs, documentList, optionalDocument } from './context';
import { assertSimpleCollation } from './read';

/**
 * Runs each statement of a write batch; failures become write errors, and an ordered batch
 * stops at the first one. A WriteConflict (transactions) fails the whole command instead.
 */
function runBatch<T>(ctx: CommandContext, statements: T[], run: (statement: T, index: number) => void): Document[] {
  const writeErrors: Document[] = [];
  const ordered = ctx.body.ordered !== false;
  for (const [index, statement] of statements.entries()) {
    try {
      run(statement, index);
    } catch (error) {
      if (error instanceof CommandError && error.code === ErrorCode.WriteConflict) throw error;
      writeErrors.push(asCommandError(error).toWriteError(index));
      if (ordered) break;
    }
  }
  return writeErrors;
}

function withWriteErrors(reply: Document, writeErrors: Document[]): Document {
  return writeErrors.length > 0 ? { ...reply, writeErrors, ok: 1 } : { ...reply, ok: 1 };
}

const insert: CommandHandler = (ctx) => {
  const ns = collectionNs(ctx);
  let n = 0;
  const writeErrors = runBatch(ctx, documentList(ctx.body, 'documents'), (doc) => {
    ctx.view.insertDoc(ns, prepareInsert(doc));
    n++;
  });
  return withWriteErrors({ n }, writeErrors);
};

const update: CommandHandler = (ctx) => {
  const ns = collectionNs(ctx);
  let n = 0;
  let nModified = 0;
  const upserted: Document[] = [];
  const writeErrors = runBatch(ctx, documentList(ctx.body, 'updates'), (statement, index) => {
    assertSimpleCollation(statement);
    const u = statement.u;
    if (!isPlainObject(u) && !Array.isArray(u)) throw CommandError.of('TypeMismatch', "'u' must be a document or pipeline");
    const outcome = updateDocuments(ctx.view, ns, {
      filter: optionalDocument(statement, 'q') ?? {},
      update: u as UpdateSpec,
      multi: statement.multi === true,
      upsert: statement.upsert === true,
      arrayFilters: documentList(statement, 'arrayFilters'),
      sort: optionalDocument(statement, 'sort'),
    });
    n += outcome.matched;
    nModified += outcome.modified;
    if (outcome.upsertedId !== undefined) {
      n++;
      upserted.push({ index, _id: outcome.upsertedId });
    }
  });
  return withWriteErrors({ n, nModified, ...(upserted.length > 0 ? { upserted } : {}) }, writeErrors);
};

const remove: CommandHandler = (ctx) => {
  const ns = collectionNs(ctx);
  let n = 0;
  const writeErrors = runBatch(ctx, documentList(ctx.body, 'deletes'), (statement) => {
    assertSimpleCollation(statement);
    const limit = toInteger(statement.limit, 0);
    if (limit !== 0 && limit !== 1) throw CommandError.of('FailedToParse', 'The limit field in delete objects must be 0 or 1');
    n += deleteDocuments(ctx.view, ns, optionalDocument(statement, 'q') ?? {}, limit === 1).length;
  });
  return withWriteErrors({ n }, writeErrors);
};

export const writeCommands: Record<string, CommandHandler> = {
  insert,
  update,
  delete: remove,
};
