import { Logger } from '@nestjs/common';
import type { CvmStorage } from '../adapters/storage-adapter';
import { ValidationError } from '../errors';

/** How the module retries a connect() that failed, as `@nestjs/typeorm` does. */
export interface CvmStorageRetryOptions {
  /** How many more times connect() is tried after the first failure; 0 (no retry) by default. */
  retryAttempts?: number;
  /** Milliseconds between two attempts; 3000 by default. */
  retryDelay?: number;
}

const RETRY_KEYS = ['retryAttempts', 'retryDelay'] as const;
const DEFAULT_RETRY_DELAY_MS = 3000;

/** The options without the retry keys, and the retry keys checked, from what forRoot or a factory gave. */
export function splitRetryOptions<T>(options: T): { storage: T; retry: Required<CvmStorageRetryOptions> } {
  if (typeof options !== 'object' || options === null) return { storage: options, retry: { retryAttempts: 0, retryDelay: DEFAULT_RETRY_DELAY_MS } };
  const { retryAttempts = 0, retryDelay = DEFAULT_RETRY_DELAY_MS, ...storage } = options as T & CvmStorageRetryOptions;
  const issues = RETRY_KEYS.filter((key) => {
    const value = key === 'retryAttempts' ? retryAttempts : retryDelay;
    return !(Number.isSafeInteger(value) && value >= 0);
  }).map((key) => ({ path: key, constraints: { min: `${key} must be a whole number, 0 or more` } }));
  if (issues.length > 0) throw new ValidationError('CvmStorageModuleOptions', issues);
  return { storage: storage as T, retry: { retryAttempts, retryDelay } };
}

/** connect(), tried again `retryAttempts` times, `retryDelay` ms apart; rejects with the last failure. */
export async function connectWithRetry(storage: CvmStorage, retry: Required<CvmStorageRetryOptions>, logger = new Logger('CvmStorageModule')): Promise<void> {
  for (let attempt = 1; ; attempt += 1) {
    try {
      return await storage.connect();
    } catch (error) {
      if (attempt > retry.retryAttempts) throw error;
      const reason = error instanceof Error ? error.message : String(error);
      logger.warn(`Unable to connect the storage (attempt ${attempt} of ${retry.retryAttempts + 1}): ${reason}. Retrying in ${retry.retryDelay} ms...`);
      await new Promise((resolve) => setTimeout(resolve, retry.retryDelay));
    }
  }
}
