import { writeText, type CliIO } from './cli-io';

/** Prints a command's result: text for people, or one JSON document with `--json`. */
export class Reporter {
  /** With `quiet`, only failures are printed. */
  readonly quiet: boolean;

  constructor(
    private readonly io: CliIO,
    readonly json: boolean,
    options: { quiet?: boolean } = {},
  ) {
    this.quiet = options.quiet === true;
  }

  /** A line of progress for people (a repair action, a phase); nothing in JSON mode. */
  note(text: string): Promise<void> {
    return this.json || this.quiet ? Promise.resolve() : writeText(this.io.stdout, `${text}\n`);
  }

  /** The command's result: `data` as JSON, else `human(data)`. */
  result<T>(data: T, human: (data: T) => string): Promise<void> {
    if (this.quiet) return Promise.resolve();
    const text = this.json ? JSON.stringify(data, null, 2) : human(data);
    return writeText(this.io.stdout, text.endsWith('\n') ? text : `${text}\n`);
  }

  /** Which store the command works on, and how it was chosen: one line on standard error. */
  store(location: string, source: string | undefined): Promise<void> {
    if (this.quiet) return Promise.resolve();
    const text = this.json
      ? JSON.stringify({ store: { location, source: source ?? null } })
      : `cvm-storage: using the store at ${location}${source === undefined ? '' : ` (${source})`}`;
    return writeText(this.io.stderr, `${text}\n`);
  }

  /** A failure, on standard error: `{ "error": { code, message } }` in JSON mode. */
  error(message: string, code: string): Promise<void> {
    const text = this.json ? JSON.stringify({ error: { code, message } }) : `cvm-storage: ${message}`;
    return writeText(this.io.stderr, `${text}\n`);
  }
}

/** Aligned `label: value` lines. */
export function table(rows: [string, string | number][]): string {
  const width = Math.max(0, ...rows.map(([label]) => label.length));
  return rows.map(([label, value]) => `${`${label}:`.padEnd(width + 2)}${value}`).join('\n');
}
