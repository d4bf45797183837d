import { FileStorageAdapter } from '../../src';
import * as cvmValueCheck from '../../src/validation/cvm-value-check';
import * as validateRecord from '../../src/validation/validate-record';
import { makeExecution, makeTempDir, removeTempDir } from '../support/fixtures';

// Plain, writable exports, so that jest.spyOn can replace them whatever the transpiler emits.
jest.mock('../../src/validation/cvm-value-check', () => ({ __esModule: true, ...jest.requireActual('../../src/validation/cvm-value-check') }));
jest.mock('../../src/validation/validate-record', () => ({ __esModule: true, ...jest.requireActual('../../src/validation/validate-record') }));

describe('a save is validated once', () => {
  let dataDir = '';
  let storage: FileStorageAdapter;

  beforeEach(async () => {
    dataDir = makeTempDir('cvm-one-validation-');
    storage = new FileStorageAdapter(dataDir);
    await storage.connect();
  });

  afterEach(async () => {
    jest.restoreAllMocks();
    await storage.disconnect();
    removeTempDir(dataDir);
  });

  it('a save that waits behind another call about its execution is checked when called, not again when stored', async () => {
    const validations = jest.spyOn(validateRecord, 'validateExecution');
    const appends = jest.spyOn(validateRecord, 'validateOutputLines');
    const first = storage.saveExecution(makeExecution({ pc: 1 }));
    const queued = [storage.saveExecution(makeExecution({ pc: 2 })), storage.createExecution(makeExecution({ id: 'exec-2', pc: 3 })), storage.appendOutput('exec-1', ['a'])];
    const waiting = storage.appendOutput('exec-1', ['b']);
    await Promise.all([first, ...queued, waiting]);
    expect(validations).toHaveBeenCalledTimes(3);
    expect(appends).toHaveBeenCalledTimes(2);
    expect(await storage.getExecution('exec-1')).toStrictEqual(makeExecution({ pc: 2 }));
    expect(await storage.getOutput('exec-1')).toStrictEqual(['a', 'b']);
  });

  it('a copy the caller made with validateExecution is still checked when saved', async () => {
    const copy = validateRecord.validateExecution(makeExecution());
    (copy as { pc: number }).pc = -1;
    await expect(storage.saveExecution(copy)).rejects.toMatchObject({ code: 'VALIDATION_FAILED' });
  });
});

describe('a strict save that fails walks each value once', () => {
  afterEach(() => jest.restoreAllMocks());

  it('the CVM grammar check runs once per value, and the error names the failing path', async () => {
    const walks = jest.spyOn(cvmValueCheck, 'checkCvmValue');
    const broken = { ...makeExecution(), stack: [1, { type: 'mystery' }] };
    const error = (() => {
      try {
        validateRecord.validateExecution(broken, 'strict');
      } catch (caught) {
        return caught;
      }
      return null;
    })();
    expect(error).toMatchObject({ code: 'VALIDATION_FAILED' });
    expect((error as Error).message).toContain('stack');
    expect(walks.mock.calls.filter(([, , path]) => path === 'stack')).toHaveLength(1);
  });
});
