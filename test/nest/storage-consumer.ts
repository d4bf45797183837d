import { Inject, Injectable } from '@nestjs/common';
import { CVM_STORAGE_ADAPTER } from '../../src/nest';
import { CvmStorage } from '../../src';
import { ExecutionRepository, MetadataRepository, OutputRepository, ProgramRepository } from '../../src/backend';

/** A provider of an app that injects everything CvmStorageModule exports, by class and by name. */
@Injectable()
export class StorageConsumer {
  constructor(
    readonly adapter: CvmStorage,
    readonly programs: ProgramRepository,
    readonly executions: ExecutionRepository,
    readonly outputs: OutputRepository,
    readonly metadata: MetadataRepository,
    @Inject(CVM_STORAGE_ADAPTER) readonly namedAdapter: CvmStorage,
  ) {}
}
