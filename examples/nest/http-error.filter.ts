import { Catch, HttpException, Logger, type ArgumentsHost, type ExceptionFilter } from '@nestjs/common';
import type { Response } from 'express';
import { httpErrorBody, httpStatusFor, type HttpErrorBody } from '../../src/http';

const CODE_BY_STATUS: Record<number, string> = { 404: 'NOT_FOUND', 409: 'ALREADY_EXISTS' };

/** What the JSON body parser throws for a bad request body. */
interface BodyParserError {
  status: number;
  type: string;
  message: string;
}

function isBodyParserError(error: unknown): error is BodyParserError {
  const { status, type } = (error ?? {}) as Partial<BodyParserError>;
  return typeof type === 'string' && typeof status === 'number' && status >= 400 && status < 500;
}

function fromHttpException(error: HttpException): HttpErrorBody {
  const response = error.getResponse();
  if (typeof response === 'object' && 'code' in response) return response as HttpErrorBody;
  return { code: CODE_BY_STATUS[error.getStatus()] ?? 'BAD_REQUEST', message: error.message };
}

function errorResponse(error: unknown): { status: number; body: HttpErrorBody } {
  // Nest wraps the body parser's errors in an HttpException whose cause is the original.
  const parserError = error instanceof HttpException ? error.cause : error;
  if (isBodyParserError(parserError)) {
    const code = parserError.type === 'entity.parse.failed' ? 'MALFORMED_JSON' : 'BAD_REQUEST';
    return { status: parserError.status, body: { code, message: parserError.message } };
  }
  if (error instanceof HttpException) return { status: error.getStatus(), body: fromHttpException(error) };
  return { status: httpStatusFor(error), body: httpErrorBody(error) };
}

/** Turns every error into a JSON response: storage errors by their code, see httpStatusFor. */
@Catch()
export class HttpErrorFilter implements ExceptionFilter {
  private readonly logger = new Logger(HttpErrorFilter.name);

  catch(error: unknown, host: ArgumentsHost): void {
    const { status, body } = errorResponse(error);
    if (status >= 500) this.logger.error(error);
    host.switchToHttp().getResponse<Response>().status(status).json(body);
  }
}
