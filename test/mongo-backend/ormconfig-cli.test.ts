import { execFile } from 'node:child_process';
import path from 'node:path';
import { promisify } from 'node:util';
import { MongoClient } from 'mongodb';
import { mongoTargets, uniqueDatabaseUrl, type MongoTargetHandle } from '../support/fixtures/mongo-target';

const ROOT = path.resolve(__dirname, '../..');
const run = promisify(execFile);

/** The documented command, `npx typeorm-ts-node-commonjs schema:sync -d ormconfig.ts`, with MONGODB_URL set. */
function schemaSync(url: string): Promise<{ stdout: string }> {
  const cli = path.join(ROOT, 'node_modules', 'typeorm', 'cli-ts-node-commonjs.js');
  return run(process.execPath, [cli, 'schema:sync', '-d', 'ormconfig.ts'], {
    cwd: ROOT,
    env: { ...process.env, MONGODB_URL: url, TS_NODE_TRANSPILE_ONLY: 'true' },
  });
}

describe('ormconfig with the TypeORM CLI', () => {
  const [target] = mongoTargets();
  let server: MongoTargetHandle;
  beforeAll(async () => {
    server = await target.start();
  });
  afterAll(() => server.stop());

  it(`schema:sync creates the CVM indexes (${target.name})`, async () => {
    const url = uniqueDatabaseUrl(server.url, 'ormconfig_cli');

    const { stdout } = await schemaSync(url);

    expect(stdout).toContain('Schema synchronization finished successfully');
    const client = await MongoClient.connect(url);
    try {
      const names = async (collection: string) => (await client.db().collection(collection).indexes()).map((index) => index.name).sort();
      expect(await names('programs')).toEqual(['_id_', 'programs_created_id', 'programs_id_unique']);
      expect(await names('executions')).toEqual(['_id_', 'executions_created_id', 'executions_id_unique', 'executions_program_created_id', 'executions_state_created_id']);
      expect(await names('metadata')).toEqual(['_id_', 'metadata_key_unique']);
      expect(await names('output_chunks')).toEqual(['_id_', 'output_chunks_execution_seq_unique']);
      await client.db().dropDatabase();
    } finally {
      await client.close();
    }
  });
});
