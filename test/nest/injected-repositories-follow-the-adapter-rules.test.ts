import { Test, type TestingModule } from '@nestjs/testing';
import { promises as fs } from 'node:fs';
import path from 'node:path';
import { CvmStorage, InvalidIdError, NotConnectedError, ValidationError } from '../../src';
import { ExecutionRepository, MetadataRepository, OutputRepository } from '../../src/backend';
import { CvmStorageModule } from '../../src/nest';
import { makeExecution } from '../support/fixtures/records';
import { useTempDir } from '../support/fixtures/temp-folders';

/** The error a call settles with, as the fields a caller can see. */
async function refusal(call: () => Promise<unknown>): Promise<{ type: string; code: unknown; message: string }> {
  try {
    await call();
  } catch (error) {
    return { type: (error as Error).constructor.name, code: (error as { code?: unknown }).code, message: (error as Error).message };
  }
  throw new Error('the call was not refused');
}

describe('repositories injected by CvmStorageModule follow the adapter\'s rules', () => {
  const dir = useTempDir('cvm-injected-rules-');
  let moduleRef: TestingModule;

  beforeEach(async () => {
    moduleRef = await Test.createTestingModule({ imports: [CvmStorageModule.forRoot({ dataDir: dir() })] }).compile();
  });

  afterEach(async () => {
    await moduleRef.close();
  });

  const storedExecutions = async () => (await fs.readdir(path.join(dir(), 'executions')).catch(() => [])).filter((name) => !name.startsWith('.'));

  it('before connect, every injected repository refuses with the adapter\'s NotConnectedError and touches nothing', async () => {
    const adapter = moduleRef.get(CvmStorage);
    const executions = moduleRef.get(ExecutionRepository);
    expect(adapter.isConnected()).toBe(false);
    const expected = await refusal(() => adapter.saveExecution(makeExecution()));
    expect(expected).toMatchObject({ type: NotConnectedError.name, code: 'NOT_CONNECTED' });
    expect(await refusal(() => executions.save(makeExecution()))).toStrictEqual(expected);
    expect(await refusal(() => executions.get('exec-1'))).toStrictEqual(await refusal(() => adapter.getExecution('exec-1')));
    expect(await refusal(() => moduleRef.get(OutputRepository).append('exec-1', ['a']))).toStrictEqual(await refusal(() => adapter.appendOutput('exec-1', ['a'])));
    expect(await refusal(() => moduleRef.get(MetadataRepository).get('currentExecutionId'))).toStrictEqual(await refusal(() => adapter.getCurrentExecutionId()));
    expect(await storedExecutions()).toStrictEqual([]);
  });

  it('an invalid record or id is refused by the injected ExecutionRepository exactly as by the adapter, and nothing is stored', async () => {
    await moduleRef.init();
    const adapter = moduleRef.get(CvmStorage);
    const executions = moduleRef.get(ExecutionRepository);
    const broken = { ...makeExecution(), pc: -1 };
    const invalidRecord = await refusal(() => adapter.saveExecution(broken));
    expect(invalidRecord).toMatchObject({ type: ValidationError.name, code: 'VALIDATION_FAILED' });
    expect(await refusal(() => executions.save(broken))).toStrictEqual(invalidRecord);
    expect(await refusal(() => executions.create(broken))).toStrictEqual(await refusal(() => adapter.createExecution(broken)));

    const invalidId = await refusal(() => adapter.getExecution(''));
    expect(invalidId).toMatchObject({ type: InvalidIdError.name, code: 'INVALID_ID' });
    expect(await refusal(() => executions.get(''))).toStrictEqual(invalidId);
    expect(await refusal(() => executions.delete('x'.repeat(1025)))).toStrictEqual(await refusal(() => adapter.deleteExecution('x'.repeat(1025))));
    expect(await refusal(() => executions.save(makeExecution({ id: 'a\ud800' })))).toStrictEqual(await refusal(() => adapter.saveExecution(makeExecution({ id: 'a\ud800' }))));
    const badFence = await refusal(() => adapter.saveExecution(makeExecution(), { expectedRevision: 0 }));
    expect(badFence).toMatchObject({ type: ValidationError.name });
    expect(await refusal(() => executions.save(makeExecution(), { expectedRevision: 0 }))).toStrictEqual(badFence);

    expect(await storedExecutions()).toStrictEqual([]);
    expect(await adapter.listExecutions()).toStrictEqual([]);
  });

  it('calls through the injected repository and the adapter about one execution apply in call order, each as it was when called', async () => {
    await moduleRef.init();
    const adapter = moduleRef.get(CvmStorage);
    const executions = moduleRef.get(ExecutionRepository);
    const record = makeExecution({ pc: 1 });
    const saved = executions.save(record);
    record.pc = 2;
    const read = adapter.getExecution('exec-1');
    const deleted = executions.delete('exec-1');
    const afterDelete = adapter.getExecution('exec-1');
    await Promise.all([saved, deleted]);
    expect(await read).toStrictEqual(makeExecution({ pc: 1 }));
    expect(await afterDelete).toBeNull();
  });
});
