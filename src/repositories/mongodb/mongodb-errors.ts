import { scrubConnectionText } from '../../util/mask-url';

const DUPLICATE_KEY = 11000;

/** True for a write refused by a unique index. */
export function isDuplicateKeyError(error: unknown): boolean {
  return typeof error === 'object' && error !== null && (error as { code?: unknown }).code === DUPLICATE_KEY;
}

const BAD_VALUE = 2;

/**
 * True for a query refused because the index its hint names is gone (a database dropped, a
 * server restarted empty): MongoDB and SecantusDB answer BadValue, "hint ... does not correspond
 * to an existing index"; FerretDB 1.x ignores hints, so never says it.
 */
export function isMissingIndexError(error: unknown): boolean {
  if (typeof error !== 'object' || error === null) return false;
  const { code, message } = error as { code?: unknown; message?: unknown };
  return code === BAD_VALUE && typeof message === 'string' && /hint\b.*does not correspond to an existing index/is.test(message);
}

/** Codes a server answers an update pipeline with when it cannot run one (FerretDB 1.x among them). */
const NO_PIPELINE_UPDATE = new Set([9 /* FailedToParse */, 14 /* TypeMismatch */, 238 /* NotImplemented */, 40324 /* unknown stage */, 168 /* InvalidPipelineOperator */]);

/** True for a server's refusal of an update given as a pipeline. */
export function isUnsupportedPipelineUpdate(error: unknown): boolean {
  return typeof error === 'object' && error !== null && NO_PIPELINE_UPDATE.has((error as { code?: unknown }).code as number);
}

/**
 * Removes the URL's secrets from the error and its causes (it becomes the `cause` of a
 * ConnectionError, so it must not carry them either): their messages, stacks and every other own
 * string property (a URL parser's `input`, for one). Returns the error's message.
 */
export function scrubSecret(error: unknown, url: string | undefined): string {
  const scrub = (text: string): string => scrubConnectionText(text, url);
  if (!isObject(error)) return scrub(String(error));
  // Duck-typed: an error made in another realm (a vm context, Node's own URL parser under jest) is no `instanceof Error`.
  let link: unknown = error;
  for (let depth = 0; isObject(link) && depth < 8; depth++, link = link.cause) scrubStrings(link, scrub);
  return typeof error.message === 'string' ? error.message : scrub(String(error));
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null;
}

function scrubStrings(own: Record<string, unknown>, scrub: (text: string) => string): void {
  for (const key of Object.getOwnPropertyNames(own)) {
    const value = own[key];
    if (typeof value !== 'string') continue;
    try {
      own[key] = scrub(value);
    } catch {
      // A read-only property: left as it is, since the error is not ours to rebuild.
    }
  }
}
