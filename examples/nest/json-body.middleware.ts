import { HttpException } from '@nestjs/common';
import express, { type NextFunction, type Request, type Response } from 'express';

const parseJson = express.json();

/**
 * express.json() whose failures become HttpExceptions (a parse failure is 400 MALFORMED_JSON), which
 * every Nest version hands to the exception filter as they are; Nest 11 re-wraps a raw parser error
 * and drops its type.
 */
export function jsonBody(request: Request, response: Response, next: NextFunction): void {
  parseJson(request, response, (error?: unknown) => {
    if (error === undefined || error === null) return next();
    const { status, type, message } = error as { status?: number; type?: string; message?: string };
    if (status === undefined || status < 400 || status >= 500) return next(error);
    const code = type === 'entity.parse.failed' ? 'MALFORMED_JSON' : 'BAD_REQUEST';
    next(new HttpException({ code, message: message ?? 'bad request body' }, status));
  });
}
