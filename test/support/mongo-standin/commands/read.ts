import { Document } from 'bson';
import { Aggregator, ProcessingMode } from 'mingo';
import { cloneValue, isPlainObject, valueKey } from '../bson-values';
import type { CollectionState } from '../collection';
import { ID_INDEX_SPEC } from '../indexes';
import { CommandError, notSupported } from '../errors';
import { MINGO_OPTIONS } from '../matcher';
import { pathValues } from '../paths';
import { projectDocuments } from '../projection';
import { selectDocuments } from '../query';
import {
  CommandContext,
  CommandHandler,
  collectionNs,
  documentList,
  optionalArray,
  optionalDocument,
  optionalInteger,
} from './context';

const UNSUPPORTED_STAGES = new Set(['$out', '$merge', '$changeStream', '$geoNear', '$search', '$listSessions']);

/** Only the default ("simple") collation is available. */
export function assertSimpleCollation(spec: Document): void {
  const collation = optionalDocument(spec, 'collation');
  if (collation && collation.locale !== 'simple') throw notSupported('collation');
}

/**
 * As MongoDB: a hint (an index name or key) that names no index of an existing collection is
 * BadValue; on a collection that does not exist the find returns nothing, hinted or not.
 */
function assertHintedIndexExists(state: CollectionState | undefined, hint: unknown): void {
  if (hint === undefined || hint === null || state === undefined) return;
  const specs = [ID_INDEX_SPEC, ...state.indexes.map((index) => index.spec)];
  if (typeof hint === 'string' ? specs.some((spec) => spec.name === hint) : isPlainObject(hint) && ('$natural' in hint || specs.some((spec) => valueKey(spec.key) === valueKey(hint)))) return;
  throw CommandError.of('BadValue', 'error processing query: planner returned error :: caused by :: hint provided does not correspond to an existing index');
}

const find: CommandHandler = (ctx) => {
  const ns = collectionNs(ctx);
  const { body } = ctx;
  assertSimpleCollation(body);
  if (body.tailable === true) throw notSupported('tailable cursors');
  const filter = optionalDocument(body, 'filter') ?? {};
  let limit = optionalInteger(body, 'limit') ?? 0;
  let singleBatch = body.singleBatch === true;
  if (limit < 0) {
    limit = -limit;
    singleBatch = true;
  }
  assertHintedIndexExists(ctx.view.read(ns), body.hint);
  const docs = selectDocuments(ctx.view.read(ns), filter, {
    sort: optionalDocument(body, 'sort'),
    skip: optionalInteger(body, 'skip'),
    limit,
  });
  const projected = projectDocuments(docs, optionalDocument(body, 'projection'), filter);
  return ctx.server.cursors.open(ns, projected, { batchSize: optionalInteger(body, 'batchSize'), singleBatch });
};

const getMore: CommandHandler = (ctx) => {
  const batchSize = optionalInteger(ctx.body, 'batchSize');
  return ctx.server.cursors.more(ctx.body.getMore, batchSize !== undefined && batchSize > 0 ? batchSize : undefined);
};

const killCursors: CommandHandler = (ctx) => ctx.server.cursors.kill(optionalArray(ctx.body, 'cursors') ?? []);

const count: CommandHandler = (ctx) => {
  assertSimpleCollation(ctx.body);
  const docs = selectDocuments(ctx.view.read(collectionNs(ctx)), optionalDocument(ctx.body, 'query'), {
    skip: optionalInteger(ctx.body, 'skip'),
    limit: Math.abs(optionalInteger(ctx.body, 'limit') ?? 0),
  });
  return { n: docs.length, ok: 1 };
};

const distinct: CommandHandler = (ctx) => {
  assertSimpleCollation(ctx.body);
  const key = ctx.body.key;
  if (typeof key !== 'string') throw CommandError.of('TypeMismatch', "'key' must be a string");
  const docs = selectDocuments(ctx.view.read(collectionNs(ctx)), optionalDocument(ctx.body, 'query'));
  const seen = new Set<string>();
  const values: unknown[] = [];
  for (const doc of docs) {
    for (const value of pathValues(doc, key, true)) {
      const id = valueKey(value);
      if (seen.has(id)) continue;
      seen.add(id);
      values.push(value);
    }
  }
  return { values, ok: 1 };
};

const aggregate: CommandHandler = (ctx) => {
  const { body } = ctx;
  if (body.explain === true) throw notSupported('explain');
  const cursor = optionalDocument(body, 'cursor');
  if (!cursor) {
    throw CommandError.of('FailedToParse', "The 'cursor' option is required, except for aggregate with the explain argument");
  }
  if (typeof body.aggregate !== 'string') throw notSupported('database-level aggregate (aggregate: 1)');
  assertSimpleCollation(body);
  const pipeline = documentList(body, 'pipeline');
  for (const stage of pipeline) {
    const name = Object.keys(stage)[0];
    if (UNSUPPORTED_STAGES.has(name)) throw notSupported(`the ${name} aggregation stage`);
  }
  const ns = collectionNs(ctx);
  const results = runPipeline(ctx, ns, pipeline);
  return ctx.server.cursors.open(ns, results, { batchSize: optionalInteger(cursor, 'batchSize') });
};

function runPipeline(ctx: CommandContext, ns: string, pipeline: Document[]): Document[] {
  const state = ctx.view.read(ns);
  const [first] = pipeline;
  const leadingMatch = first !== undefined && Object.keys(first)[0] === '$match';
  const input = leadingMatch ? selectDocuments(state, first.$match as Document) : (state?.documents() ?? []);
  const stages = leadingMatch ? pipeline.slice(1) : pipeline;
  if (stages.length === 0) return input;
  const aggregator = new Aggregator(stages, {
    ...MINGO_OPTIONS,
    processingMode: ProcessingMode.CLONE_INPUT,
    collectionResolver: (name) => cloneValue(ctx.view.read(`${ctx.db}.${name}`)?.documents() ?? []),
  });
  return aggregator.run(input) as Document[];
}

export const readCommands: Record<string, CommandHandler> = {
  find,
  getMore,
  killCursors,
  count,
  distinct,
  aggregate,
};
