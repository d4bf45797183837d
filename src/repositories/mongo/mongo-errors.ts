import { maskUrlPassword } from '../../util/mask-url';

const DUPLICATE_KEY = 11000;

/** True for a write refused by a unique index. */
export function isDuplicateKeyError(error: unknown): boolean {
  return typeof error === 'object' && error !== null && (error as { code?: unknown }).code === DUPLICATE_KEY;
}

/** Codes a server answers an update pipeline with when it cannot run one (FerretDB 1.x among them). */
const NO_PIPELINE_UPDATE = new Set([9 /* FailedToParse */, 14 /* TypeMismatch */, 238 /* NotImplemented */, 40324 /* unknown stage */, 168 /* InvalidPipelineOperator */]);

/** True for a server's refusal of an update given as a pipeline. */
export function isUnsupportedPipelineUpdate(error: unknown): boolean {
  return typeof error === 'object' && error !== null && NO_PIPELINE_UPDATE.has((error as { code?: unknown }).code as number);
}

/**
 * Removes the URL's password from the messages and stacks of the error and its causes (it becomes
 * the `cause` of a ConnectionError, so it must not carry the secret either); returns its message.
 */
export function scrubSecret(error: unknown, url: string | undefined): string {
  const secrets = url === undefined ? [] : passwordsOf(url);
  const scrub = (text: string): string =>
    secrets.reduce((masked, secret) => masked.split(secret).join('****'), maskUrlPassword(text));
  if (!(error instanceof Error)) return scrub(String(error));
  let link: unknown = error;
  for (let depth = 0; link instanceof Error && depth < 8; depth++, link = link.cause) {
    link.message = scrub(link.message);
    if (link.stack !== undefined) link.stack = scrub(link.stack);
  }
  return error.message;
}

/** The URL's password as written and decoded, when long enough to be told from ordinary text. */
function passwordsOf(url: string): string[] {
  const raw = /^[a-z][a-z0-9+.-]*:\/\/[^:@/\s]*:([^\s]*)@/i.exec(url)?.[1];
  if (raw === undefined) return [];
  let decoded = raw;
  try {
    decoded = decodeURIComponent(raw);
  } catch {
    // A malformed escape: the driver rejects the URL, and the raw form is what may be echoed.
  }
  return [...new Set([raw, decoded])].filter((secret) => secret.length >= 3);
}
