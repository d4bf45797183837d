import { calculateObjectSize, Document } from 'bson';
import { isPlainObject, valueKey } from '../bson-values';
import { CollectionState } from '../collection';
import { CommandError, notSupported } from '../errors';
import { defaultIndexName, ID_INDEX_SPEC, IndexSpec } from '../indexes';
import { compileFilter } from '../matcher';
import { CommandContext, CommandHandler, collectionNs, documentList, optionalDocument, optionalInteger } from './context';
import { assertSimpleCollation } from './read';

const GENERIC_FIELDS = new Set(['lsid', 'writeConcern', 'readConcern', 'comment', 'maxTimeMS', 'txnNumber', 'autocommit', 'startTransaction']);
const UNSUPPORTED_CREATE_OPTIONS = ['capped', 'viewOn', 'pipeline', 'timeseries', 'clusteredIndex', 'validator', 'changeStreamPreAndPostImages'];
const INDEX_OPTIONS = ['unique', 'sparse', 'partialFilterExpression', 'expireAfterSeconds', 'hidden', 'weights', 'default_language', 'language_override', '2dsphereIndexVersion', 'textIndexVersion'];
const SPECIAL_INDEX_TYPES = new Set(['text', '2d', '2dsphere', 'hashed']);

function requireCollection(ctx: CommandContext, ns: string): CollectionState {
  const state = ctx.view.read(ns);
  if (!state) throw CommandError.of('NamespaceNotFound', `ns does not exist: ${ns}`);
  return state;
}

function commandOptions(ctx: CommandContext): Document {
  return Object.fromEntries(
    Object.entries(ctx.body).filter(([key]) => key !== ctx.name && !key.startsWith('$') && !GENERIC_FIELDS.has(key)),
  );
}

const create: CommandHandler = (ctx) => {
  const ns = collectionNs(ctx);
  const options = commandOptions(ctx);
  const unsupported = UNSUPPORTED_CREATE_OPTIONS.find((option) => options[option] != null && options[option] !== false);
  if (unsupported) throw notSupported(`the create option '${unsupported}'`);
  assertSimpleCollation(options);
  if (ctx.view.read(ns)) throw CommandError.of('NamespaceExists', `Collection ${ns} already exists.`);
  ctx.view.install(CollectionState.create(ns, options));
  return { ok: 1 };
};

const drop: CommandHandler = (ctx) => {
  const ns = collectionNs(ctx);
  const dropped = ctx.view.drop(ns);
  return dropped ? { nIndexesWas: dropped.indexes.length + 1, ns, ok: 1 } : { ok: 1 };
};

const dropDatabase: CommandHandler = (ctx) => {
  for (const ns of ctx.view.namespaces(ctx.db)) ctx.view.drop(ns);
  return { dropped: ctx.db, ok: 1 };
};

const renameCollection: CommandHandler = (ctx) => {
  const from = ctx.body.renameCollection;
  const to = ctx.body.to;
  if (typeof from !== 'string' || typeof to !== 'string') throw CommandError.of('TypeMismatch', "'renameCollection' and 'to' must be namespaces");
  const state = ctx.view.read(from);
  if (!state) throw CommandError.of('NamespaceNotFound', `Source collection ${from} does not exist`);
  if (ctx.view.read(to)) {
    if (ctx.body.dropTarget !== true) throw CommandError.of('NamespaceExists', 'target namespace exists');
    ctx.view.drop(to);
  }
  ctx.view.drop(from);
  ctx.view.install(state.clone(to));
  return { ok: 1 };
};

function normalizeIndexSpec(raw: Document): IndexSpec {
  const key = raw.key;
  if (!isPlainObject(key) || Object.keys(key).length === 0) throw CommandError.of('BadValue', 'index key pattern must be a non-empty document');
  for (const [field, direction] of Object.entries(key)) {
    const valid = typeof direction === 'number' ? direction !== 0 : SPECIAL_INDEX_TYPES.has(String(direction));
    if (!valid) throw CommandError.of('BadValue', `bad index key pattern for field ${field}: ${String(direction)}`);
  }
  assertSimpleCollation(raw);
  if (raw.partialFilterExpression != null) compileFilter(optionalDocument(raw, 'partialFilterExpression'));
  const spec: IndexSpec = { v: 2, key, name: typeof raw.name === 'string' ? raw.name : defaultIndexName(key) };
  for (const option of INDEX_OPTIONS) {
    const value = raw[option];
    if (value != null && value !== false) spec[option] = value;
  }
  return spec;
}

function indexOptionsKey(spec: IndexSpec): string {
  return valueKey(INDEX_OPTIONS.map((option) => spec[option] ?? null));
}

const createIndexes: CommandHandler = (ctx) => {
  const ns = collectionNs(ctx);
  const specs = documentList(ctx.body, 'indexes').map(normalizeIndexSpec);
  if (specs.length === 0) throw CommandError.of('BadValue', 'Must specify at least one index to create');
  const existing = ctx.view.read(ns);
  const state = existing ? existing.clone() : CollectionState.create(ns);
  const before = state.indexes.length + 1;
  for (const spec of specs) {
    if (valueKey(spec.key) === valueKey(ID_INDEX_SPEC.key) || spec.name === ID_INDEX_SPEC.name) continue;
    const sameName = state.indexes.find((index) => index.spec.name === spec.name);
    const sameKey = state.indexes.find((index) => valueKey(index.spec.key) === valueKey(spec.key));
    if (sameName && valueKey(sameName.spec.key) !== valueKey(spec.key)) {
      throw CommandError.of('IndexKeySpecsConflict', `An existing index has the same name as the requested index but a different key: ${spec.name}`);
    }
    if (sameKey) {
      if (sameKey.spec.name === spec.name && indexOptionsKey(sameKey.spec) === indexOptionsKey(spec)) continue;
      throw CommandError.of('IndexOptionsConflict', `Index already exists with different name or options: ${sameKey.spec.name}`);
    }
    state.addIndex(spec);
  }
  ctx.view.install(state);
  const after = state.indexes.length + 1;
  return {
    numIndexesBefore: before,
    numIndexesAfter: after,
    createdCollectionAutomatically: existing === undefined,
    ...(after === before ? { note: 'all indexes already exist' } : {}),
    ok: 1,
  };
};

const listIndexes: CommandHandler = (ctx) => {
  const ns = collectionNs(ctx);
  const state = requireCollection(ctx, ns);
  const specs = [ID_INDEX_SPEC, ...state.indexes.map((index) => index.spec)];
  return ctx.server.cursors.open(ns, specs, { batchSize: optionalInteger(optionalDocument(ctx.body, 'cursor') ?? {}, 'batchSize') });
};

const dropIndexes: CommandHandler = (ctx) => {
  const ns = collectionNs(ctx);
  const was = requireCollection(ctx, ns).indexes.length + 1;
  const state = ctx.view.write(ns);
  const target = ctx.body.index;
  const names = (): string[] => {
    if (target === '*') return state.indexes.map((index) => index.spec.name);
    if (typeof target === 'string') return [target];
    if (Array.isArray(target)) return target.map(String);
    if (isPlainObject(target)) {
      const found = state.indexes.find((index) => valueKey(index.spec.key) === valueKey(target));
      if (!found) throw CommandError.of('IndexNotFound', `can't find index with key: ${JSON.stringify(target)}`);
      return [found.spec.name];
    }
    throw CommandError.of('TypeMismatch', "'index' must be a name, a key pattern, an array of names or '*'");
  };
  const toDrop = names();
  for (const name of toDrop) {
    if (name === ID_INDEX_SPEC.name) throw CommandError.of('InvalidOptions', 'cannot drop _id index');
    if (!state.indexes.some((index) => index.spec.name === name)) {
      throw CommandError.of('IndexNotFound', `index not found with name [${name}]`);
    }
  }
  for (const name of toDrop) state.dropIndex(name);
  return { nIndexesWas: was, ok: 1 };
};

const listCollections: CommandHandler = (ctx) => {
  const matches = compileFilter(optionalDocument(ctx.body, 'filter'));
  const infos = ctx.view.namespaces(ctx.db).map((ns) => {
    const state = ctx.view.read(ns) as CollectionState;
    return {
      name: ns.slice(ctx.db.length + 1),
      type: 'collection',
      options: state.options,
      info: { readOnly: false, uuid: state.uuid },
      idIndex: ID_INDEX_SPEC,
    };
  });
  const selected = infos.filter(matches);
  const result = ctx.body.nameOnly === true ? selected.map(({ name, type }) => ({ name, type })) : selected;
  const batchSize = optionalInteger(optionalDocument(ctx.body, 'cursor') ?? {}, 'batchSize');
  return ctx.server.cursors.open(`${ctx.db}.$cmd.listCollections`, result, { batchSize });
};

const listDatabases: CommandHandler = (ctx) => {
  const matches = compileFilter(optionalDocument(ctx.body, 'filter'));
  const databases = ctx.view
    .databases()
    .map((name) => {
      const sizeOnDisk = ctx.view
        .namespaces(name)
        .reduce((sum, ns) => sum + (ctx.view.read(ns)?.documents() ?? []).reduce((size, doc) => size + calculateObjectSize(doc), 0), 0);
      return { name, sizeOnDisk, empty: sizeOnDisk === 0 };
    })
    .filter(matches);
  if (ctx.body.nameOnly === true) return { databases: databases.map(({ name }) => ({ name })), ok: 1 };
  const totalSize = databases.reduce((sum, db) => sum + db.sizeOnDisk, 0);
  return { databases, totalSize, totalSizeMb: Math.floor(totalSize / (1024 * 1024)), ok: 1 };
};

export const ddlCommands: Record<string, CommandHandler> = {
  create,
  drop,
  dropDatabase,
  renameCollection,
  createIndexes,
  listIndexes,
  dropIndexes,
  deleteIndexes: dropIndexes,
  listCollections,
  listDatabases,
};
