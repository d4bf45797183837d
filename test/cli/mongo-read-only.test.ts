import type { InspectResult } from '../../src/cli/commands/inspect';
import type { ListResult } from '../../src/cli/commands/list';
import { databaseNameOf, useMongoKit } from '../support/fixtures/mongo';
import { mongoTargets } from '../support/fixtures/mongo-target';
import { runJson } from './run-cli';

describe('cvm-storage read-only commands on an empty MongoDB database (MONGODB_URL, else the stand-in)', () => {
  const kit = useMongoKit(mongoTargets()[0]);

  it('inspect and list report an empty store and create no collection or index', async () => {
    const url = kit.databaseUrl('cli_readonly');
    const inspected = await runJson<InspectResult>(['inspect', '--mongo-url', url]);
    expect(inspected.code).toBe(0);
    expect(inspected.json).toMatchObject({ backend: 'mongodb', programs: { count: 0 }, executions: { count: 0 }, currentExecutionId: null });
    const listed = await runJson<ListResult>(['list', 'executions', '--state', 'RUNNING', '--mongo-url', url]);
    expect(listed.code).toBe(0);
    expect(listed.json.items).toStrictEqual([]);
    expect(await kit.client.db(databaseNameOf(url)).listCollections().toArray()).toStrictEqual([]);
  });
});
