import type { NextFunction, Request, Response } from 'express';
import { allowedMethods } from './allowed-methods';

/** Answers a method the API does not serve on a path it does serve with 405 and an `Allow` header. */
export function methodNotAllowed(request: Request, response: Response, next: NextFunction): void {
  // originalUrl: where a framework mounts this middleware under a path, request.path is relative to it.
  const path = request.originalUrl.split('?')[0];
  const allowed = allowedMethods(path);
  const method = request.method === 'HEAD' ? 'GET' : request.method;
  if (allowed === null || allowed.includes(method)) return next();
  response
    .status(405)
    .set('Allow', allowed.join(', '))
    .json({ code: 'METHOD_NOT_ALLOWED', message: `${request.method} is not allowed on ${path}: use ${allowed.join(' or ')}` });
}
