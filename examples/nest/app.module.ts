import { Module, type MiddlewareConsumer, type NestModule } from '@nestjs/common';
import { APP_FILTER } from '@nestjs/core';
import { ConfigModule, ConfigService } from '@nestjs/config';
import { CvmStorageModule } from '../../src/nest';
import { methodNotAllowed, requireJsonBody } from '../http-rules';
import { ExecutionsController } from './executions.controller';
import { HttpErrorFilter } from './http-error.filter';
import { jsonBody } from './json-body.middleware';
import { ProgramsController } from './programs.controller';
import { storageOptionsFrom } from './storage-options';

@Module({
  imports: [
    CvmStorageModule.forRootAsync({
      imports: [ConfigModule.forRoot()],
      inject: [ConfigService],
      useFactory: storageOptionsFrom,
    }),
  ],
  controllers: [ProgramsController, ExecutionsController],
  providers: [{ provide: APP_FILTER, useClass: HttpErrorFilter }],
})
export class AppModule implements NestModule {
  configure(consumer: MiddlewareConsumer): void {
    consumer.apply(methodNotAllowed, requireJsonBody, jsonBody).forRoutes('*');
  }
}
