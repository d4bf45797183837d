import type { BaseProgram, Program } from '../types';

/** Programs by id. Abstract so it doubles as a dependency-injection token. */
export abstract class ProgramRepository<P extends BaseProgram = Program> {
  /** Validates, then atomically creates or replaces the program with this id. */
  abstract save(program: P): Promise<void>;
  abstract get(id: string): Promise<P | null>;
  /** Every program, ordered by `created`, then `id`. */
  abstract list(): Promise<P[]>;
  /** Removes the program; a missing id is a no-op. */
  abstract delete(id: string): Promise<void>;
}
