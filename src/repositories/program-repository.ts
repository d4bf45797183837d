import type { Program } from '../types';

/** Programs by id. Abstract so it doubles as a dependency-injection token. */
export abstract class ProgramRepository {
  /** Validates, then atomically creates or replaces the program with this id. */
  abstract save(program: Program): Promise<void>;
  abstract get(id: string): Promise<Program | null>;
  /** Every program, ordered by `created`, then `id`. */
  abstract list(): Promise<Program[]>;
  /** Removes the program; a missing id is a no-op. */
  abstract delete(id: string): Promise<void>;
}
