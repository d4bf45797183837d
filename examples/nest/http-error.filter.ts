import { Catch, HttpException, Logger, type ArgumentsHost, type ExceptionFilter } from '@nestjs/common';
import type { Response } from 'express';
import { httpErrorBody, httpStatusFor, type HttpErrorBody } from '../../src/http';

const CODE_BY_STATUS: Record<number, string> = { 404: 'NOT_FOUND', 409: 'ALREADY_EXISTS' };

function fromHttpException(error: HttpException): HttpErrorBody {
  const response = error.getResponse();
  if (typeof response === 'object' && 'code' in response) return response as HttpErrorBody;
  return { code: CODE_BY_STATUS[error.getStatus()] ?? 'BAD_REQUEST', message: error.message };
}

function errorResponse(error: unknown): { status: number; body: HttpErrorBody } {
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
