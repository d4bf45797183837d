import type { BaseExecution, Execution } from './execution';
import type { BaseProgram, Program } from './program';

/**
 * The record types a project registers once, by module augmentation, so that the bare
 * `StorageAdapter` (and `CvmStorage`, the adapters, `StorageFactory.create()`,
 * `createStorageAdapter()`) mean its own program and execution types everywhere:
 *
 * ```ts
 * import type { Execution, Program } from '@cvm/types';
 * declare module '@cvm/storage' {
 *   interface StorageTypes { program: Program; execution: Execution }
 * }
 * ```
 *
 * Empty here: without a registration the defaults are this package's `Program` and `Execution`.
 */
// eslint-disable-next-line @typescript-eslint/no-empty-object-type -- augmented by users
export interface StorageTypes {}

/** The registered program type (`StorageTypes['program']`), else `Program`. */
export type RegisteredProgram = StorageTypes extends { program: infer P extends BaseProgram } ? P : Program;

/** The registered execution type (`StorageTypes['execution']`), else `Execution`. */
export type RegisteredExecution = StorageTypes extends { execution: infer E extends BaseExecution } ? E : Execution;
