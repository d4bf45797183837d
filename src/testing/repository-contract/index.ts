import type { ContractRunner, RepositoryHarness } from './harness';
import { describeMetadataRepository } from './metadata';
import { describeOutputRepository } from './outputs';
import { describeRecordRepositories } from './records';

export type { ContractRunner, OpenedRepositories, RepositoryHarness } from './harness';

/**
 * The contract of the four repositories (programs, executions, output, metadata), for any
 * backend and any test runner that has `describe` and `it`:
 *
 *   describeRepositoryContract('my backend', harness, { describe, it });
 */
export function describeRepositoryContract(backendName: string, harness: RepositoryHarness, runner: ContractRunner): void {
  runner.describe(`repository contract: ${backendName}`, () => {
    describeRecordRepositories(harness, runner);
    describeOutputRepository(harness, runner);
    describeMetadataRepository(harness, runner);
  });
}
