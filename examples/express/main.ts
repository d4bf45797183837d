import { createStorageAdapter, type ValidationMode } from '../../src';
import { createApp } from './app';

/**
 * Serves on PORT (3000), storing in MONGODB_URL if set, else in CVM_DATA_DIR (./cvm-data);
 * CVM_VALIDATION=strict holds saves to the CVM value grammar (createStorageAdapter checks the value).
 */
async function main(): Promise<void> {
  const storage = await createStorageAdapter({ validation: (process.env.CVM_VALIDATION || undefined) as ValidationMode | undefined });
  const port = Number(process.env.PORT ?? 3000);
  const server = createApp(storage).listen(port, () => console.log(`CVM storage API on http://localhost:${port}`));
  const stop = (): void => {
    server.close(() => void storage.disconnect());
  };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
