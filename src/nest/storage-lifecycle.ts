import { Inject, Injectable, type OnApplicationShutdown, type OnModuleInit } from '@nestjs/common';
import type { StorageAdapter } from '../adapters/storage-adapter';
import { CVM_STORAGE } from './tokens';

/** Connects the storage when the module starts and disconnects it when the application shuts down. */
@Injectable()
export class CvmStorageLifecycle implements OnModuleInit, OnApplicationShutdown {
  constructor(@Inject(CVM_STORAGE) private readonly storage: StorageAdapter) {}

  onModuleInit(): Promise<void> {
    return this.storage.connect();
  }

  async onApplicationShutdown(): Promise<void> {
    if (this.storage.isConnected()) await this.storage.disconnect();
  }
}
