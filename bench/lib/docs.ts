import { promises as fs } from 'node:fs';
import type { Machine, Row, RoundTripRow } from './report';
import { formatRoundTrips, formatTable } from './report';
import { printTargets } from './targets';

const START = '<!-- bench:results:start -->';
const END = '<!-- bench:results:end -->';

export interface Results {
  generatedAt: string;
  size: string;
  machine: Machine & { loadAverageAtEnd: number[] };
  totalSeconds: number;
  rows: Row[];
  roundTrips: RoundTripRow[];
}

/** The generated part of docs/performance.md: when, where, the tables and the targets' verdicts. */
export function renderResults(results: Results): string {
  const m = results.machine;
  return [
    START,
    `Run of ${results.generatedAt.slice(0, 16).replace('T', ' ')} UTC, size \`${results.size}\`, ${results.totalSeconds} s in all.`,
    '',
    `Machine: ${m.cpu}, ${m.cores} cores, ${m.memoryGiB} GiB RAM, ${m.os}, data on ${m.filesystem}, Node ${m.node}. ` +
      `Load average ${m.loadAverage.join(' / ')} at the start and ${m.loadAverageAtEnd.join(' / ')} at the end ` +
      '(1, 5 and 15 minutes; above 0 means other processes shared the machine).',
    '',
    formatTable(results.rows),
    '',
    printTargets(results.rows),
    '',
    ...(results.roundTrips.length > 0 ? [formatRoundTrips(results.roundTrips)] : []),
    END,
  ].join('\n');
}

/** Replaces the generated part of `docFile` (between the markers) with `results`. */
export async function updateDocs(docFile: string, results: Results): Promise<boolean> {
  let text: string;
  try {
    text = await fs.readFile(docFile, 'utf8');
  } catch {
    return false;
  }
  const start = text.indexOf(START);
  const end = text.indexOf(END);
  if (start === -1 || end === -1 || end < start) return false;
  await fs.writeFile(docFile, `${text.slice(0, start)}${renderResults(results)}${text.slice(end + END.length)}`);
  return true;
}
