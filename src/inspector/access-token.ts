import { randomBytes, timingSafeEqual } from 'node:crypto';
import type { IncomingMessage } from 'node:http';

export const TOKEN_COOKIE = 'cvm-inspector-token';

/** A fresh access token: 32 random bytes, hex. */
export function newAccessToken(): string {
  return randomBytes(32).toString('hex');
}

/** The token a request carries: `?token=`, an `Authorization: Bearer` header, or the cookie the page sets. */
export function requestToken(req: IncomingMessage, url: URL): string | null {
  const query = url.searchParams.get('token');
  if (query !== null) return query;
  const header = req.headers.authorization;
  if (typeof header === 'string' && header.startsWith('Bearer ')) return header.slice('Bearer '.length);
  for (const part of (req.headers.cookie ?? '').split(';')) {
    const [name, ...value] = part.trim().split('=');
    if (name === TOKEN_COOKIE) return value.join('=');
  }
  return null;
}

export function sameToken(given: string | null, expected: string): boolean {
  if (given === null) return false;
  const a = Buffer.from(given);
  const b = Buffer.from(expected);
  return a.length === b.length && timingSafeEqual(a, b);
}
