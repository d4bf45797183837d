import { createHash } from 'node:crypto';
import type { EndLine, StoreLine } from './store-lines';

/** Counts and hashes the lines of an export as they are written, for its end line. */
export class ExportTally {
  readonly #hash = createHash('sha256');
  programs = 0;
  executions = 0;
  outputLines = 0;
  historyEntries = 0;
  lines = 0;

  add(line: StoreLine, text: string): void {
    if (line.kind === 'program') this.programs++;
    else if (line.kind === 'execution') this.executions++;
    else if (line.kind === 'output') this.outputLines += line.lines.length;
    else if (line.kind === 'history') this.historyEntries++;
    this.lines++;
    this.#hash.update(text);
  }

  end(): EndLine {
    return { kind: 'end', programs: this.programs, executions: this.executions, outputLines: this.outputLines, historyEntries: this.historyEntries, lines: this.lines, sha256: this.#hash.digest('hex') };
  }
}
