/** `MONGODB_URL`, else `MONGODB_URI`, else undefined; empty values count as unset. */
export function mongoUrlFromEnv(env: NodeJS.ProcessEnv = process.env): string | undefined {
  return env.MONGODB_URL || env.MONGODB_URI || undefined;
}
