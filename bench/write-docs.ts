import { promises as fs } from 'node:fs';
import path from 'node:path';
import { type Results, updateDocs } from './lib/docs';

/**
 * `node -r ts-node/register/transpile-only bench/write-docs.ts [results.json]`: puts the tables
 * and targets of a finished run (default bench/results.json) into docs/performance.md, as
 * BENCH_DOCS=1 does at the end of a run (the charts are written only by the run itself).
 */
async function main(): Promise<void> {
  const file = path.resolve(process.argv[2] ?? path.join(__dirname, 'results.json'));
  const results = JSON.parse(await fs.readFile(file, 'utf8')) as Results;
  // JSON writes a ratio that was not finite as null.
  for (const row of results.rows) if ((row.ratio as number | null) === null) delete row.ratio;
  const docs = path.join(__dirname, '..', 'docs', 'performance.md');
  if (!(await updateDocs(docs, results))) throw new Error(`could not find the results markers in ${docs}`);
  console.log(`updated ${path.relative(process.cwd(), docs)} from ${path.relative(process.cwd(), file)}`);
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
