import type { ConfigService } from '@nestjs/config';
import type { ValidationMode } from '../../src';
import type { CvmStorageOptions } from '../../src/nest';

/**
 * MongoDB when MONGODB_URL is set, else JSON files in CVM_DATA_DIR (./cvm-data by default);
 * CVM_VALIDATION=strict holds saves to the CVM value grammar (the module checks the value).
 */
export function storageOptionsFrom(config: ConfigService): CvmStorageOptions {
  const validation = config.get<ValidationMode>('CVM_VALIDATION') || undefined;
  const mongoUrl = config.get<string>('MONGODB_URL');
  const backend: CvmStorageOptions = mongoUrl ? { mongoUrl } : { dataDir: config.get<string>('CVM_DATA_DIR') ?? './cvm-data' };
  return validation === undefined ? backend : { ...backend, validation };
}
