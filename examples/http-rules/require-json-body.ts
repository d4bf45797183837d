import type { NextFunction, Request, Response } from 'express';

/** Whether the request carries body bytes: a chunked body, or a Content-Length above 0. */
function hasBody(request: Request): boolean {
  if (request.get('Transfer-Encoding') !== undefined) return true;
  return Number(request.get('Content-Length') ?? 0) > 0;
}

/** Answers a request whose body is not `application/json` with 415; requests without a body pass. */
export function requireJsonBody(request: Request, response: Response, next: NextFunction): void {
  if (!hasBody(request) || request.is('application/json')) return next();
  const given = request.get('Content-Type') ?? 'no Content-Type';
  response
    .status(415)
    .json({ code: 'UNSUPPORTED_MEDIA_TYPE', message: `The body must be application/json, not ${given}` });
}
