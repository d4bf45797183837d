import type { Execution, Program } from '../types';

/** What a CVM server needs from storage; every backend implements exactly these 15 methods. */
export abstract class StorageAdapter {
  abstract connect(): Promise<void>;
  abstract disconnect(): Promise<void>;
  abstract isConnected(): boolean;

  abstract saveProgram(program: Program): Promise<void>;
  abstract getProgram(id: string): Promise<Program | null>;
  abstract listPrograms(): Promise<Program[]>;
  abstract deleteProgram(id: string): Promise<void>;

  abstract saveExecution(execution: Execution): Promise<void>;
  abstract getExecution(id: string): Promise<Execution | null>;
  abstract listExecutions(): Promise<Execution[]>;
  abstract deleteExecution(executionId: string): Promise<void>;

  abstract appendOutput(executionId: string, lines: string[]): Promise<void>;
  abstract getOutput(executionId: string): Promise<string[]>;

  abstract getCurrentExecutionId(): Promise<string | null>;
  abstract setCurrentExecutionId(executionId: string | null): Promise<void>;
}
