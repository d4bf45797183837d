import { createStorageAdapter } from '../../src';
import { createApp } from './app';

/** Serves on PORT (3000), storing in MONGODB_URL if set, else in CVM_DATA_DIR (./cvm-data). */
async function main(): Promise<void> {
  const storage = await createStorageAdapter();
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
