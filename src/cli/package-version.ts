import { readFileSync } from 'node:fs';
import path from 'node:path';

const PACKAGE_NAME = '@cvm/storage';

/**
 * This package's version, from the package.json above this file (in src/cli/ and in dist/src/cli/
 * alike); `unknown` for a copy of the code outside the package, so the commands still run.
 */
export function packageVersion(from = __dirname): string {
  for (let folder = from; ; folder = path.dirname(folder)) {
    const manifest = readManifest(path.join(folder, 'package.json'));
    if (manifest?.name === PACKAGE_NAME && typeof manifest.version === 'string') return manifest.version;
    if (path.dirname(folder) === folder) return `unknown (no package.json of ${PACKAGE_NAME} above ${from})`;
  }
}

function readManifest(file: string): { name?: unknown; version?: unknown } | null {
  try {
    return JSON.parse(readFileSync(file, 'utf8')) as { name?: unknown; version?: unknown };
  } catch {
    return null;
  }
}
