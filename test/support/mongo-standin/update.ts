import { Document, EJSON, ObjectId } from 'bson';
import { Aggregator, ProcessingMode, update as mingoUpdate } from 'mingo';
import { cloneValue, isPlainObject, numericValue, valuesEqual } from './bson-values';
import { CommandError, notSupported } from './errors';
import { MINGO_OPTIONS } from './matcher';
import { getPath, setPath } from './paths';

export type UpdateSpec = Document | Document[];

export interface UpdateOptions {
  filter: Document;
  arrayFilters?: Document[];
  /** True when building the document an upsert inserts ($setOnInsert applies, _id may be set). */
  inserting: boolean;
}

const PIPELINE_UPDATE_STAGES = new Set(['$addFields', '$set', '$project', '$unset', '$replaceRoot', '$replaceWith']);

export function isOperatorUpdate(update: UpdateSpec): boolean {
  if (Array.isArray(update)) return false;
  const first = Object.keys(update)[0];
  return first !== undefined && first.startsWith('$');
}

export function isReplacement(update: UpdateSpec): update is Document {
  return !Array.isArray(update) && !isOperatorUpdate(update);
}

/** Returns the updated copy of `original`; the stored document is never touched. */
export function applyUpdate(original: Document, update: UpdateSpec, options: UpdateOptions): Document {
  let result: Document;
  if (Array.isArray(update)) result = applyPipeline(original, update);
  else if (isOperatorUpdate(update)) result = applyOperators(original, update, options);
  else result = replaceDocument(original, update);
  if (!options.inserting && !valuesEqual(original._id, result._id)) throw immutableId(result._id);
  return result;
}

/** The document an upsert inserts when nothing matched `filter`. */
export function upsertDocument(filter: Document, update: UpdateSpec, arrayFilters?: Document[]): Document {
  const seed = equalityFields(filter, {});
  if (isReplacement(update)) {
    return prepareInsert(replaceDocument(seed._id === undefined ? {} : { _id: seed._id }, update));
  }
  return prepareInsert(applyUpdate(seed, update, { filter, arrayFilters, inserting: true }));
}

/** Ensures `_id` exists, is valid and is the first field. */
export function prepareInsert(doc: Document): Document {
  const { _id, ...rest } = doc;
  if (Array.isArray(_id)) throw CommandError.of('BadValue', "can't use an array for _id");
  if (_id instanceof RegExp) throw CommandError.of('BadValue', "can't use a regex for _id");
  return { _id: _id === undefined ? new ObjectId() : _id, ...rest };
}

function applyOperators(original: Document, update: Document, options: UpdateOptions): Document {
  const doc = cloneValue(original);
  const { $setOnInsert, ...operators } = update;
  if (options.inserting && isPlainObject($setOnInsert)) {
    operators.$set = { ...(isPlainObject(operators.$set) ? operators.$set : {}), ...$setOnInsert };
  }
  moveIdAssignment(doc, operators, options.inserting);
  assertOperandTypes(doc, operators);
  createMissingPushTargets(doc, operators.$push);
  if (Object.keys(operators).length === 0) return doc;
  try {
    // The document matched already: mingo needs the filter only to resolve a positional `$`.
    const condition = options.inserting || !hasPositionalPath(operators) ? undefined : options.filter;
    mingoUpdate(doc, operators, options.arrayFilters, condition, {
      cloneMode: 'deep',
      queryOptions: MINGO_OPTIONS,
    });
  } catch (error) {
    if (error instanceof Error && error.message.includes('immutable field')) throw immutableId(undefined);
    throw error;
  }
  return doc;
}

/** Whether an operator's field path has a `$` part (`items.$.qty`), which the filter's match resolves. */
function hasPositionalPath(operators: Document): boolean {
  return Object.values(operators).some((spec) => isPlainObject(spec) && Object.keys(spec).some((path) => path.split('.').includes('$')));
}

/** mingo rejects any `$set` of `_id`; a real server accepts an unchanged value and sets it on upsert. */
function moveIdAssignment(doc: Document, operators: Document, inserting: boolean): void {
  const $set = operators.$set;
  if (!isPlainObject($set) || !('_id' in $set)) return;
  const { _id, ...others } = $set;
  if (doc._id !== undefined && !valuesEqual(doc._id, _id)) throw immutableId(_id);
  if (inserting) doc._id = cloneValue(_id);
  if (Object.keys(others).length > 0) operators.$set = others;
  else delete operators.$set;
}

const NUMERIC_OPERATORS = ['$inc', '$mul'];
const ARRAY_OPERATORS = ['$push', '$addToSet', '$pop', '$pull', '$pullAll'];

/** mingo silently skips these type mismatches; a real server fails the statement. */
function assertOperandTypes(doc: Document, operators: Document): void {
  const targets = (operator: string): Array<[string, unknown]> => {
    const spec = operators[operator];
    if (!isPlainObject(spec)) return [];
    return Object.keys(spec)
      .filter((path) => !path.includes('$'))
      .map((path): [string, unknown] => [path, getPath(doc, path)])
      .filter(([, value]) => value !== undefined && value !== null);
  };
  for (const operator of NUMERIC_OPERATORS) {
    const spec = operators[operator];
    if (isPlainObject(spec) && Object.values(spec).some((arg) => typeof arg !== 'number' && numericValue(arg) !== undefined)) {
      throw notSupported(`${operator} with int64/decimal arguments`);
    }
    for (const [path, value] of targets(operator)) {
      if (numericValue(value) === undefined) {
        throw CommandError.of('TypeMismatch', `Cannot apply ${operator} to a value of non-numeric type. The field '${path}' is of non-numeric type`);
      }
      if (typeof value !== 'number') throw notSupported(`${operator} on int64/decimal field '${path}'`);
    }
  }
  for (const operator of ARRAY_OPERATORS) {
    for (const [path] of targets(operator).filter(([, value]) => !Array.isArray(value))) {
      throw CommandError.of('BadValue', `The field '${path}' must be an array but is of a different type (${operator})`);
    }
  }
}

/** mingo ignores $sort/$slice/$position when $push creates the array, so create it empty first. */
function createMissingPushTargets(doc: Document, push: unknown): void {
  if (!isPlainObject(push)) return;
  for (const [path, spec] of Object.entries(push)) {
    if (path.includes('$') || !isPlainObject(spec) || !('$each' in spec)) continue;
    if (getPath(doc, path) === undefined && parentsAreDocuments(doc, path)) setPath(doc, path, []);
  }
}

function parentsAreDocuments(doc: Document, path: string): boolean {
  let value: unknown = doc;
  for (const part of path.split('.').slice(0, -1)) {
    if (!isPlainObject(value)) return false;
    value = value[part];
    if (value === undefined) return true;
  }
  return isPlainObject(value);
}

function replaceDocument(original: Document, replacement: Document): Document {
  const { _id, ...rest } = cloneValue(replacement);
  if (_id !== undefined && original._id !== undefined && !valuesEqual(_id, original._id)) throw immutableId(_id);
  const id = original._id ?? _id;
  return id === undefined ? rest : { _id: id, ...rest };
}

function applyPipeline(original: Document, stages: Document[]): Document {
  for (const stage of stages) {
    const name = Object.keys(stage)[0];
    if (!PIPELINE_UPDATE_STAGES.has(name)) {
      throw CommandError.of('BadValue', `${name} is not allowed to be used within an update`);
    }
  }
  const aggregator = new Aggregator(stages, { ...MINGO_OPTIONS, processingMode: ProcessingMode.CLONE_INPUT });
  const [result] = aggregator.run([original]) as Document[];
  const { _id, ...rest } = result;
  return _id === undefined ? rest : { _id, ...rest };
}

function equalityFields(filter: Document, out: Document): Document {
  for (const [key, value] of Object.entries(filter)) {
    if (key === '$and' && Array.isArray(value)) {
      for (const part of value) if (isPlainObject(part)) equalityFields(part, out);
      continue;
    }
    if (key.startsWith('$') || value instanceof RegExp) continue;
    if (isPlainObject(value) && Object.keys(value).some((op) => op.startsWith('$'))) {
      if ('$eq' in value) setPath(out, key, cloneValue(value.$eq));
      else if (Array.isArray(value.$in) && value.$in.length === 1) setPath(out, key, cloneValue(value.$in[0]));
      continue;
    }
    setPath(out, key, cloneValue(value));
  }
  return out;
}

function immutableId(value: unknown): CommandError {
  const shown = value === undefined ? '' : ` to _id: ${EJSON.stringify(value, { relaxed: true })}`;
  return CommandError.of(
    'ImmutableField',
    `After applying the update, the (immutable) field '_id' was found to have been altered${shown}`,
  );
}
