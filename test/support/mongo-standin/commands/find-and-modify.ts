import { Document } from 'bson';
import { isPlainObject } from '../bson-values';
import { CommandError } from '../errors';
import { deleteDocuments, updateDocuments } from '../mutations';
import { projectDocuments } from '../projection';
import { UpdateSpec } from '../update';
import { CommandHandler, collectionNs, documentList, optionalDocument } from './context';
import { assertSimpleCollation } from './read';

const findAndModify: CommandHandler = (ctx) => {
  const { body } = ctx;
  const ns = collectionNs(ctx);
  assertSimpleCollation(body);
  const filter = optionalDocument(body, 'query') ?? {};
  const sort = optionalDocument(body, 'sort');
  const fields = optionalDocument(body, 'fields');
  const remove = body.remove === true;
  const update = body.update;
  const hasUpdate = isPlainObject(update) || Array.isArray(update);
  if (remove && hasUpdate) throw CommandError.of('FailedToParse', 'Cannot specify both an update and remove=true');
  if (!remove && !hasUpdate) throw CommandError.of('FailedToParse', 'Either an update or remove=true must be specified');
  const project = (doc: Document | undefined): Document | null =>
    doc === undefined ? null : projectDocuments([doc], fields, filter)[0];

  if (remove) {
    if (body.upsert === true) throw CommandError.of('FailedToParse', 'Cannot specify both upsert=true and remove=true');
    const [removed] = deleteDocuments(ctx.view, ns, filter, true, sort);
    return { lastErrorObject: { n: removed ? 1 : 0 }, value: project(removed), ok: 1 };
  }

  const outcome = updateDocuments(ctx.view, ns, {
    filter,
    update: update as UpdateSpec,
    multi: false,
    upsert: body.upsert === true,
    arrayFilters: documentList(body, 'arrayFilters'),
    sort,
  });
  const returnNew = body.new === true;
  if (outcome.upsertedId !== undefined) {
    return {
      lastErrorObject: { n: 1, updatedExisting: false, upserted: outcome.upsertedId },
      value: returnNew ? project(outcome.after) : null,
      ok: 1,
    };
  }
  return {
    lastErrorObject: { n: outcome.matched, updatedExisting: outcome.matched > 0 },
    value: project(returnNew ? outcome.after : outcome.before),
    ok: 1,
  };
};

export const findAndModifyCommands: Record<string, CommandHandler> = { findAndModify };
