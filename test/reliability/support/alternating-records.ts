import type { Execution } from '../../../src/types';

/**
 * Executions of one size whatever their version: the version is padded to a fixed width, so
 * only the inode and the modification time tell two versions apart.
 */
export function alternatingExecution(id: string, version: number): Execution {
  return {
    id,
    programId: 'p',
    state: 'RUNNING',
    pc: 0,
    stack: [],
    variables: { version: String(version).padStart(10, '0') },
    created: new Date(Date.UTC(2024, 0, 1)),
  };
}

/** The version an execution read back carries; -1 for none. */
export function versionOf(execution: Execution | null): number {
  return execution === null ? -1 : Number(execution.variables.version);
}
