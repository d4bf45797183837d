import type { BaseProgram, Program } from '../types';
import { RecordRepository } from './record-repository';

/** Programs by id. Abstract so it doubles as a dependency-injection token. */
export abstract class ProgramRepository<P extends BaseProgram = Program> extends RecordRepository<P> {}
