import { createApp } from './app';

/** Serves on PORT (3000), storing in MONGODB_URL if set, else in CVM_DATA_DIR (./cvm-data). */
async function main(): Promise<void> {
  const app = await createApp();
  await app.listen(Number(process.env.PORT ?? 3000));
  console.log(`CVM storage API on ${await app.getUrl()}`);
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
