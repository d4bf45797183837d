/** The documented exit codes of `cvm-storage`. */
export const EXIT = {
  /** The command did what it was asked and found nothing wrong. */
  OK: 0,
  /** The command ran and found problems: damage, a record that is not there, stores that differ. */
  PROBLEMS: 1,
  /** Wrong arguments, or the store could not be opened (missing folder, unreachable server). */
  USAGE: 2,
} as const;

export type ExitCode = (typeof EXIT)[keyof typeof EXIT];

/** A failure of the command line itself; `exitCode` says how the process ends. */
export abstract class CliError extends Error {
  abstract readonly code: string;
  abstract readonly exitCode: ExitCode;

  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = new.target.name;
  }
}

/** Arguments that do not make sense together, or a store given in a form that cannot be used. */
export class UsageError extends CliError {
  readonly code = 'CLI_USAGE';
  readonly exitCode = EXIT.USAGE;
}

/** The store could not be opened: a folder that does not exist, a server that does not answer. */
export class StoreUnavailableError extends CliError {
  readonly code = 'CLI_STORE_UNAVAILABLE';
  readonly exitCode = EXIT.USAGE;
}

/** A command asked to create a record under an id the store already holds (`fork --id`). */
export class TargetExistsError extends CliError {
  readonly code = 'CLI_TARGET_EXISTS';
  readonly exitCode = EXIT.PROBLEMS;
}

/** A stream given to `import` that is not an export of this tool. */
export class ImportFormatError extends CliError {
  readonly code = 'CLI_IMPORT_FORMAT';
  readonly exitCode = EXIT.PROBLEMS;

  constructor(lineNumber: number, reason: string, options?: { cause?: unknown }) {
    super(`line ${lineNumber} of the import stream: ${reason}`, options);
  }
}
