import { Inject, Injectable, type OnApplicationShutdown, type OnModuleInit } from '@nestjs/common';
import type { CvmStorage } from '../adapters/storage-adapter';
import { connectWithRetry, splitRetryOptions } from './connect-with-retry';
import { CVM_STORAGE, CVM_STORAGE_MODULE_OPTIONS } from './tokens';

/**
 * Connects the storage when the module starts, retrying as `retryAttempts` and `retryDelay` say,
 * and disconnects it when the application shuts down.
 */
@Injectable()
export class CvmStorageLifecycle implements OnModuleInit, OnApplicationShutdown {
  constructor(
    @Inject(CVM_STORAGE) private readonly storage: CvmStorage,
    @Inject(CVM_STORAGE_MODULE_OPTIONS) private readonly options: unknown,
  ) {}

  onModuleInit(): Promise<void> {
    return connectWithRetry(this.storage, splitRetryOptions(this.options).retry);
  }

  async onApplicationShutdown(): Promise<void> {
    if (this.storage.isConnected()) await this.storage.disconnect();
  }
}
