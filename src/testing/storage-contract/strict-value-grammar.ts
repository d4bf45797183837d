import { makeExecution } from './records';
import { useSession, type ContractHarness } from './harness';
import { expectExecutionRejected, expectRejected } from './rejections';
import { badValueCases } from './strict-value-grammar-cases';
import { describe, it } from './runner';

export function describeStrictValueGrammar(harness: ContractHarness): void {
  describe('strict validation of CVM values', () => {
    const session = useSession(harness, { connect: true, validation: 'strict' });

    it.each(badValueCases(true))('rejects %s in %s with a ValidationError and keeps the store unchanged', async (_label, _where, kind, bad, path) => {
      await expectRejected(session, kind, bad, path);
    });

    it('a variable holding JavaScript undefined is rejected', async () => {
      await expectExecutionRejected(session, (id) => ({ ...makeExecution({ id }), variables: { x: undefined } }), 'variables');
    });

    it('a stack with a hole is rejected', async () => {
      // eslint-disable-next-line no-sparse-arrays
      await expectExecutionRejected(session, (id) => ({ ...makeExecution({ id }), stack: [1, , 3] }), 'stack');
    });
  });
}
