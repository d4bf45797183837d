import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';

/** One storage call as a real CVM VM made it, and what a lossless store answered. */
export interface TraceCall {
  seq: number;
  method: string;
  args: unknown[];
  result: unknown;
}

export interface Trace {
  name: string;
  calls: TraceCall[];
}

const TRACE_FOLDER = path.join(__dirname, 'cvm-traces');
const SPECIAL_NUMBERS: Record<string, number> = { NaN: NaN, Infinity: Infinity, '-Infinity': -Infinity, '-0': -0 };

/** Every trace in the cvm-traces folder beside this file, by file name without `.jsonl`, in name order. */
export function loadTraces(): Trace[] {
  return readdirSync(TRACE_FOLDER)
    .filter((name) => name.endsWith('.jsonl'))
    .sort()
    .map((name) => ({ name: name.slice(0, -'.jsonl'.length), calls: parseTrace(readFileSync(path.join(TRACE_FOLDER, name), 'utf8')) }));
}

export function parseTrace(text: string): TraceCall[] {
  return text
    .split('\n')
    .filter((line) => line !== '')
    .map((line) => decodeTagged(JSON.parse(line)) as TraceCall);
}

/** The value a tagged JSON value stands for (see the folder's README). */
export function decodeTagged(json: unknown): unknown {
  if (typeof json !== 'object' || json === null) return json;
  if (Array.isArray(json)) return json.map(decodeTagged);
  const object = json as Record<string, unknown>;
  const keys = Object.keys(object);
  const tag = keys.length === 1 ? keys[0] : undefined;
  const body = object[tag ?? ''];
  switch (tag) {
    case '$date':
      if (typeof body !== 'string') throw new Error(`malformed $date ${JSON.stringify(body)}`);
      return new Date(body === 'Invalid Date' ? NaN : body);
    case '$number':
      if (typeof body !== 'string' || !Object.hasOwn(SPECIAL_NUMBERS, body)) throw new Error(`malformed $number ${JSON.stringify(body)}`);
      return SPECIAL_NUMBERS[body];
    case '$undefined':
      return undefined;
    case '$escape':
      return decodeObject(body as Record<string, unknown>);
    default:
      return decodeObject(object);
  }
}

function decodeObject(object: Record<string, unknown>): Record<string, unknown> {
  const decoded: Record<string, unknown> = {};
  for (const key of Object.keys(object)) {
    Object.defineProperty(decoded, key, { value: decodeTagged(object[key]), enumerable: true, writable: true, configurable: true });
  }
  return decoded;
}

/** `value` with every object property that holds `undefined` removed, at every level. */
export function withoutUndefined(value: unknown): unknown {
  if (typeof value !== 'object' || value === null || value instanceof Date) return value;
  if (Array.isArray(value)) return value.map(withoutUndefined);
  const copy: Record<string, unknown> = {};
  for (const key of Object.keys(value)) {
    const item = (value as Record<string, unknown>)[key];
    if (item !== undefined) Object.defineProperty(copy, key, { value: withoutUndefined(item), enumerable: true, writable: true, configurable: true });
  }
  return copy;
}
