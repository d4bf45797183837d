import { Catch, HttpException, Logger, type ArgumentsHost } from '@nestjs/common';
import type { Request, Response } from 'express';
import { StorageError } from '../../src';
import { httpErrorBody, type HttpErrorBody } from '../../src/http';
import { CvmStorageExceptionFilter } from '../../src/nest';
import { noRouteBody } from '../http-rules';

/** The body for an HttpException: its own `{ code, message }`, or Nest's 404 for no route, or a 4xx by status. */
function fromHttpException(error: HttpException, request: Request): HttpErrorBody {
  const response = error.getResponse();
  if (typeof response === 'object' && 'code' in response) return response as HttpErrorBody;
  if (error.getStatus() === 404) return noRouteBody(request.method, request.path);
  return { code: 'BAD_REQUEST', message: error.message };
}

/**
 * Storage errors go to CvmStorageExceptionFilter (status and body by their code); the app's own
 * HttpExceptions keep their `{ code, message }`; anything else is a logged 500 INTERNAL.
 */
@Catch()
export class HttpErrorFilter extends CvmStorageExceptionFilter {
  private readonly log = new Logger(HttpErrorFilter.name);

  override catch(error: unknown, host: ArgumentsHost): void {
    if (error instanceof StorageError) return super.catch(error, host);
    const http = host.switchToHttp();
    const response = http.getResponse<Response>();
    if (error instanceof HttpException) {
      response.status(error.getStatus()).json(fromHttpException(error, http.getRequest<Request>()));
      return;
    }
    this.log.error(error);
    response.status(500).json(httpErrorBody(error));
  }
}
