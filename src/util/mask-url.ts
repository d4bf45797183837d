const MASK = '****';

/** A scheme and its separator, however mistyped: `mongodb://`, `mongodb//`, `mongodb:/`, `"url=MONGODB+SRV://`. */
const SCHEME_PREFIX = /^[^:/@]*(?::\/+|\/\/+)/;

/** Query keys whose values are secrets: any `*password*`, `*secret*`, `*token*`, and the mechanism properties (AWS_SESSION_TOKEN). */
const SECRET_QUERY_VALUE = /([?&;])([\w.-]*(?:pass(?:word)?|pwd|secret|token|credential)[\w.-]*|authMechanismProperties)=[^&;\s]*/gi;

/** A token holding the start of a MongoDB connection string, well formed or not (`x=mongodb:/`, `"MONGODB//`). */
const MONGO_LIKE = /(?:^|[^\w+.-])mongodb(?:\+srv)?(?::|\/\/)/i;

/**
 * Masks the credentials of everything in `text` shaped like a connection string, parsed or not:
 * the password of `user:password@host` (with any scheme, a mistyped one or none; the password runs
 * to the last `@` of the white-space-free run, so `@`, `/` and `:` in it are masked too), the
 * values of secret query options (`password=`, `...Password=`, `authMechanismProperties=`), and
 * a non-numeric "port" of a MongoDB-looking string without `@` (a password cut from its host).
 * The user name is kept: it names who connects and is not a secret.
 */
export function maskUrlPassword(text: string): string {
  return text.replace(/\S+/g, maskToken);
}

function maskToken(token: string): string {
  const masked = token.replace(SECRET_QUERY_VALUE, `$1$2=${MASK}`);
  const at = masked.lastIndexOf('@');
  return at >= 0 ? maskUserInfo(masked, at) : maskCutPassword(masked);
}

function maskUserInfo(token: string, at: number): string {
  const start = SCHEME_PREFIX.exec(token.slice(0, at))?.[0].length ?? 0;
  const colon = token.indexOf(':', start);
  if (colon < 0 || colon > at) return token;
  return `${token.slice(0, colon + 1)}${MASK}${token.slice(at)}`;
}

/** `mongodb://user:secret` or `mongodb://user:secret/db`: no `@`, so the part after `:` is not a port list. */
function maskCutPassword(token: string): string {
  if (!MONGO_LIKE.test(token)) return token;
  const start = SCHEME_PREFIX.exec(token)?.[0].length ?? 0;
  const end = token.slice(start).search(/[/?]/);
  const authority = end < 0 ? token.slice(start) : token.slice(start, start + end);
  const hosts = authority.replace(/\[[^\]]*\]/g, '');
  if (hosts.split(',').every((host) => /^[^:]*(?::\d*)?$/.test(host))) return token;
  const colon = token.indexOf(':', start);
  return `${token.slice(0, colon + 1)}${MASK}`;
}

/**
 * The secrets of a connection string as literal text, written and percent-decoded, and their
 * tails after each separator a parser may cut at, so that
 * messages quoting them in another form (a driver's, a parser's) can be scrubbed of them too.
 * Only secrets of three characters or more: shorter ones cannot be told from ordinary text.
 */
export function connectionSecrets(url: string): string[] {
  const found: string[] = [];
  const trimmed = url.trim();
  const at = trimmed.lastIndexOf('@');
  if (at >= 0) {
    const start = SCHEME_PREFIX.exec(trimmed.slice(0, at))?.[0].length ?? 0;
    const colon = trimmed.indexOf(':', start);
    if (colon >= 0 && colon < at) found.push(trimmed.slice(colon + 1, at));
  }
  for (const match of trimmed.matchAll(SECRET_QUERY_VALUE)) found.push(match[0].slice(match[0].indexOf('=') + 1));
  const masked = maskCutPassword(trimmed);
  if (at < 0 && masked !== trimmed) found.push(trimmed.slice(masked.length - MASK.length).split(/[/?]/)[0]);
  const withDecoded = found.flatMap((secret) => [secret, decoded(secret)]);
  return [...new Set(withDecoded.flatMap(withTails))].filter((secret) => secret.length >= 3);
}

/** The secret and what follows each `@`, `:`, `/` or `,` in it: the part a parser that splits there may echo. */
function withTails(secret: string): string[] {
  const tails = [secret];
  for (let i = 0; i < secret.length; i++) if ('@:/,'.includes(secret[i])) tails.push(secret.slice(i + 1));
  return tails;
}

function decoded(text: string): string {
  try {
    return decodeURIComponent(text);
  } catch {
    return text;
  }
}

/** `text` with the URL's secrets removed in every form, and anything shaped like a connection string masked. */
export function scrubConnectionText(text: string, url: string | undefined): string {
  const secrets = url === undefined ? [] : connectionSecrets(url).sort((a, b) => b.length - a.length);
  return maskUrlPassword(secrets.reduce((masked, secret) => masked.split(secret).join(MASK), text));
}
