import type { OnApplicationShutdown, OnModuleInit } from '@nestjs/common';
import type { CvmStorage } from '../adapters/storage-adapter';
import { connectWithRetry, splitRetryOptions } from './connect-with-retry';

/**
 * Connects the storage when the module starts, retrying as `retryAttempts` and `retryDelay` say,
 * and disconnects it when the application shuts down. One per store, made by the module's factory.
 */
export class CvmStorageLifecycle implements OnModuleInit, OnApplicationShutdown {
  constructor(
    private readonly storage: CvmStorage,
    private readonly options: unknown,
  ) {}

  onModuleInit(): Promise<void> {
    return connectWithRetry(this.storage, splitRetryOptions(this.options).retry);
  }

  async onApplicationShutdown(): Promise<void> {
    if (this.storage.isConnected()) await this.storage.disconnect();
  }
}
