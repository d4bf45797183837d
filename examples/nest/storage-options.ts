import type { ConfigService } from '@nestjs/config';
import type { CvmStorageOptions } from '../../src/nest';

/** MongoDB when MONGODB_URL is set, else JSON files in CVM_DATA_DIR (./cvm-data by default). */
export function storageOptionsFrom(config: ConfigService): CvmStorageOptions {
  const mongoUrl = config.get<string>('MONGODB_URL');
  if (mongoUrl) return { mongoUrl };
  return { dataDir: config.get<string>('CVM_DATA_DIR') ?? './cvm-data' };
}
