import { describeAnyState } from './any-state';
import { describeCreate } from './create';
import { describeCurrentExecution } from './current-execution';
import { describeCvmServerRecords } from './cvm-server-records';
import { describeCvmTraces } from './cvm-traces';
import { describeDefaultValidation } from './default-validation';
import { describeExecutions } from './executions';
import { describeFencedResume } from './fenced-resume';
import { describeHistory } from './history';
import { describeHistoryTraces } from './history-traces';
import type { ContractHarness } from './harness';
import { describeIds } from './ids';
import { describeLifecycle } from './lifecycle';
import { describeLossless } from './lossless';
import { describeOutput } from './output';
import { describeOutputPaging } from './output-paging';
import { describeOutputValidation } from './output-validation';
import { describePrograms } from './programs';
import { describeQueries } from './queries';
import { describeRetention } from './retention';
import { describeSeedExample } from './seed-example';
import { describeServerLoop } from './server-loop';
import { describeStrictValidation } from './strict-validation';
import { describeStrictValueGrammar } from './strict-value-grammar';
import { describe, globalRunner, installRunner, type JestLikeRunner } from './runner';

/**
 * The one behavioural suite every StorageAdapter backend runs unchanged. Each test gets a fresh
 * store from `harness.create()`, connects, and disconnects at the end; `harness.reopen()` proves
 * that data was persisted, not cached. `runner` is the test runner's `describe`, `it`,
 * `beforeEach`, `afterEach` and `expect` (Jest, Vitest, Bun); by default its globals.
 */
export function describeStorageContract(backendName: string, harness: ContractHarness, runner: JestLikeRunner = globalRunner()): void {
  installRunner(runner);
  describe(`StorageAdapter contract: ${backendName}`, () => {
    describeLifecycle(harness);
    describePrograms(harness);
    describeExecutions(harness);
    describeCreate(harness);
    describeFencedResume(harness);
    describeOutput(harness);
    describeOutputPaging(harness);
    describeCurrentExecution(harness);
    describeLossless(harness);
    describeDefaultValidation(harness);
    describeStrictValidation(harness);
    describeStrictValueGrammar(harness);
    describeOutputValidation(harness);
    describeIds(harness);
    describeSeedExample(harness);
    describeServerLoop(harness);
    describeCvmServerRecords(harness);
    describeCvmTraces(harness);
    describeQueries(harness);
    describeRetention(harness);
    describeAnyState(harness);
    describeHistory(harness);
    describeHistoryTraces(harness);
  });
}
