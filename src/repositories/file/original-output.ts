import { readFileAndStats } from './durable-fs';
import { checkOutputReadable } from './output-limit';

/**
 * The lines of an output file the original package wrote (`outputs/<id>.output`: each append's
 * lines joined by '\n', plus '\n'), read exactly as the original read them: split at every '\n'
 * and empty lines dropped (so an empty line, or one that was '\n' inside a line, cannot be told
 * apart any more). Null when there is no such file.
 */
export async function readOriginalOutput(file: string): Promise<string[] | null> {
  const read = await readFileAndStats(file, checkOutputReadable(file));
  if (read === null) return null;
  return read.bytes
    .toString('utf8')
    .split('\n')
    .filter((line) => line.length > 0);
}
