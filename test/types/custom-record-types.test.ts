/**
 * Type-level test: a CVM server that declares its own program and execution types (as the upstream
 * server does, with an opcode enum) gets them back from a generic adapter. The `@ts-expect-error`
 * lines fail compilation (npm run typecheck) if the type parameters stopped
 * mattering; the run proves the records round-trip at run time too.
 */
import { createStorageAdapter, FileStorageAdapter, StorageFactory, type CVMArray, type CVMValue, type StorageAdapter } from '../../src';
import { ExecutionRepository, ProgramRepository } from '../../src/backend';
import { makeTempDir, removeTempDir } from '../support/fixtures/temp-folders';

enum OpCode {
  PUSH = 'PUSH',
  CC = 'CC',
  LOAD_REGEX = 'LOAD_REGEX',
  HALT = 'HALT',
}

interface ServerInstruction {
  op: OpCode;
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- as the upstream parser declares it
  arg?: any;
  line?: number;
}

interface ServerProgram {
  id: string;
  name: string;
  source: string;
  bytecode: ServerInstruction[];
  created: Date;
  updated?: Date;
}

interface ServerIterator {
  array: CVMArray | null;
  index: number;
  length: number;
  keys?: string[];
}

interface ServerExecution {
  id: string;
  programId: string;
  state: 'READY' | 'RUNNING' | 'AWAITING_COGNITIVE_RESULT' | 'COMPLETED' | 'ERROR';
  pc: number;
  stack: CVMValue[];
  variables: Record<string, CVMValue>;
  iterators?: ServerIterator[];
  heap?: { objects: Record<number, { type: 'array' | 'object'; data: unknown }>; nextId: number };
  error?: string | null;
  ccPrompt?: string | null;
  returnValue?: CVMValue;
  status?: 'running' | 'waiting_cc' | 'complete' | 'error';
  output?: string[];
  created: Date;
  updated?: Date;
}

/** A few lines of a VM manager written against the generic adapter. */
class ServerManager {
  constructor(private readonly storage: StorageAdapter<ServerProgram, ServerExecution>) {}

  async firstOp(programId: string): Promise<OpCode | undefined> {
    const program = await this.storage.getProgram(programId);
    return program?.bytecode[0]?.op;
  }

  async status(executionId: string): Promise<ServerExecution['status']> {
    const execution = await this.storage.getExecution(executionId);
    return execution?.status;
  }

  async keysOfFirstLoop(executionId: string): Promise<string[] | undefined> {
    const executions: ServerExecution[] = await this.storage.listExecutions();
    return executions.find((execution) => execution.id === executionId)?.iterators?.[0]?.keys;
  }
}

function typeErrorsStillHappen(storage: StorageAdapter<ServerProgram, ServerExecution>): void {
  // @ts-expect-error an op outside the server's enum is not a ServerInstruction
  void storage.saveProgram({ id: 'p', name: 'p', source: '', bytecode: [{ op: 'NOPE' }], created: new Date() });
  // @ts-expect-error a status outside the server's union is not a ServerExecution
  void storage.saveExecution({ id: 'e', programId: 'p', state: 'READY', pc: 0, stack: [], variables: {}, created: new Date(), status: 'paused' });
}

describe('a generic adapter over a server\'s own program and execution types', () => {
  let dir: string;
  beforeEach(() => {
    dir = makeTempDir('cvm-types-');
  });
  afterEach(() => removeTempDir(dir));

  it('compiles, and reads back the custom types', async () => {
    expect(typeof typeErrorsStillHappen).toBe('function');
    const storage = new FileStorageAdapter<ServerProgram, ServerExecution>(dir);
    await storage.connect();
    try {
      await storage.saveProgram({
        id: 'regex',
        name: 'regex',
        source: '/\\d+/g',
        bytecode: [{ op: OpCode.LOAD_REGEX, arg: { pattern: '\\d+', flags: 'g' } }, { op: OpCode.HALT }],
        created: new Date(0),
      });
      await storage.saveExecution({
        id: 'run',
        programId: 'regex',
        state: 'AWAITING_COGNITIVE_RESULT',
        pc: 1,
        stack: [],
        variables: {},
        iterators: [{ array: null, keys: ['a', 'b'], index: 0, length: 2 }],
        error: null,
        status: 'waiting_cc',
        output: [],
        created: new Date(0),
      });
      const manager = new ServerManager(storage);
      expect(await manager.firstOp('regex')).toBe(OpCode.LOAD_REGEX);
      expect(await manager.status('run')).toBe('waiting_cc');
      expect(await manager.keysOfFirstLoop('run')).toStrictEqual(['a', 'b']);
    } finally {
      await storage.disconnect();
    }
  });

  it('StorageFactory, createStorageAdapter and the repositories take the same type arguments', async () => {
    const fromFactory: StorageAdapter<ServerProgram, ServerExecution> = StorageFactory.create<ServerProgram, ServerExecution>({ dataDir: dir });
    const created: StorageAdapter<ServerProgram, ServerExecution> = await createStorageAdapter<ServerProgram, ServerExecution>({ dataDir: dir });
    try {
      const programs: ProgramRepository<ServerProgram> | null = null;
      const executions: ExecutionRepository<ServerExecution> | null = null;
      expect([programs, executions]).toStrictEqual([null, null]);
      await created.saveProgram({ id: 'p', name: 'p', source: '', bytecode: [{ op: OpCode.PUSH, arg: 1 }], created: new Date(0) });
      await fromFactory.connect();
      const program = await fromFactory.getProgram('p');
      const op: OpCode | undefined = program?.bytecode[0].op;
      expect(op).toBe(OpCode.PUSH);
    } finally {
      await created.disconnect();
      if (fromFactory.isConnected()) await fromFactory.disconnect();
    }
  });
});
