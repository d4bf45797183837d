import { Catch, Logger, type ArgumentsHost } from '@nestjs/common';
import { BaseExceptionFilter } from '@nestjs/core';
import { StorageError } from '../errors';
import { storageErrorResponse } from '../http/storage-error-response';

/**
 * Answers a StorageError thrown by a route with its HTTP status (`httpStatusFor`: 400 for
 * VALIDATION_FAILED and INVALID_ID, 409 for ALREADY_EXISTS, 503 for NOT_CONNECTED and
 * CONNECTION_FAILED, with `Retry-After`, 500 for the rest) and the problem body `httpErrorBody`
 * makes, as `storageErrorResponse` maps it for the Express handler too; server-side failures (500, 503) are logged with
 * their cause and answered with a fixed message. Every other exception, HttpExceptions included,
 * is handled exactly as Nest's own BaseExceptionFilter handles it.
 *
 * Register it as `{ provide: APP_FILTER, useClass: CvmStorageExceptionFilter }`, or with
 * `app.useGlobalFilters(new CvmStorageExceptionFilter(app.get(HttpAdapterHost).httpAdapter))`.
 */
@Catch()
export class CvmStorageExceptionFilter extends BaseExceptionFilter {
  private readonly logger = new Logger('CvmStorageExceptionFilter');

  override catch(exception: unknown, host: ArgumentsHost): void {
    if (!(exception instanceof StorageError) || host.getType() !== 'http') return super.catch(exception, host);
    const { status, headers, body } = storageErrorResponse(exception);
    if (status >= 500) this.logger.error(exception);
    const server = this.applicationRef ?? this.httpAdapterHost?.httpAdapter;
    if (server === undefined) throw new Error('CvmStorageExceptionFilter has no HTTP adapter: register it with APP_FILTER or pass one');
    const response: unknown = host.switchToHttp().getResponse();
    for (const [name, value] of Object.entries(headers)) server.setHeader(response, name, value);
    server.reply(response, body, status);
  }
}
