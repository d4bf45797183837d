import assert from 'node:assert/strict';
import { AlreadyExistsError, ConflictError, InvalidIdError, ValidationError } from '../../errors';
import type { RecordRepository } from '../../repositories/record-repository';
import type { StorageRepositories } from '../../repositories/storage-connection';
import type { Execution, Program } from '../../types';
import { withStore, type ContractRunner, type RepositoryHarness } from './harness';

interface Kind<T extends { id: string; created: Date }> {
  name: 'programs' | 'executions';
  field: string;
  repository(repositories: StorageRepositories): RecordRepository<T>;
  make(id: string, created: number, variant?: number): T;
  broken(id: string): unknown;
}

const PROGRAMS: Kind<Program> = {
  name: 'programs',
  field: 'program id',
  repository: (repositories) => repositories.programs,
  make: (id, created, variant = 0) => ({ id, name: `program ${variant}`, source: 'print(1)', bytecode: [{ op: 'PUSH', arg: variant }, { op: 'HALT' }], created: new Date(created) }),
  broken: (id) => ({ id, name: 7, source: '', bytecode: [], created: new Date(0) }),
};

const EXECUTIONS: Kind<Execution> = {
  name: 'executions',
  field: 'execution id',
  repository: (repositories) => repositories.executions,
  make: (id, created, variant = 0) => ({ id, programId: 'p', state: 'RUNNING', pc: variant, stack: [variant], variables: { n: variant }, created: new Date(created) }),
  broken: (id) => ({ id, programId: 'p', state: 'RUNNING', pc: -1, stack: [], variables: {}, created: new Date(0) }),
};

/** Settles every call: the indexes of those that fulfilled, and any failure other than AlreadyExistsError. */
async function race(calls: Promise<void>[]): Promise<{ won: number[]; unexpected: unknown[] }> {
  const results = await Promise.allSettled(calls);
  return {
    won: results.flatMap((result, index) => (result.status === 'fulfilled' ? [index] : [])),
    unexpected: results.flatMap((result) => (result.status === 'rejected' && !(result.reason instanceof AlreadyExistsError) ? [result.reason as unknown] : [])),
  };
}

export function describeRecordRepositories(harness: RepositoryHarness, { describe, it }: ContractRunner): void {
  for (const kind of [PROGRAMS, EXECUTIONS] as Kind<{ id: string; created: Date }>[]) {
    describe(`${kind.name} repository`, () => {
      const test = (name: string, body: (records: RecordRepository<{ id: string; created: Date }>, other: () => Promise<RecordRepository<{ id: string; created: Date }>>) => Promise<void>) =>
        it(name, () => withStore(harness, (repositories, other) => body(kind.repository(repositories), async () => kind.repository(await other()))));

      test('save then get returns an equal record that is a copy; a missing id reads as null', async (records) => {
        const record = kind.make('r-1', 1_000);
        await records.save(record);
        const got = await records.get('r-1');
        assert.deepStrictEqual(got, record);
        assert.notStrictEqual(got, record);
        assert.equal(await records.get('missing'), null);
      });

      test('save replaces the whole record; list orders by created, then id', async (records) => {
        await records.save(kind.make('b', 2_000));
        await records.save(kind.make('a', 2_000));
        await records.save(kind.make('c', 1_000, 1));
        await records.save(kind.make('c', 1_000, 2));
        assert.deepStrictEqual(await records.list(), [kind.make('c', 1_000, 2), kind.make('a', 2_000), kind.make('b', 2_000)]);
      });

      test('create stores a new record; of an existing id it rejects with ALREADY_EXISTS and changes nothing', async (records) => {
        await records.create(kind.make('r-1', 1_000, 1));
        await assert.rejects(records.create(kind.make('r-1', 1_000, 2)), (error: unknown) => {
          assert.ok(error instanceof AlreadyExistsError);
          assert.equal(error.code, 'ALREADY_EXISTS');
          assert.equal(error.field, kind.field);
          assert.equal(error.id, 'r-1');
          return true;
        });
        assert.deepStrictEqual(await records.get('r-1'), kind.make('r-1', 1_000, 1));
      });

      test('of concurrent creates of one id, from one set of repositories or two on the same store, exactly one wins', async (records, other) => {
        const second = await other();
        for (let round = 0; round < 4; round++) {
          const id = `race-${round}`;
          const candidates = [1, 2, 3, 4].map((variant) => kind.make(id, 1_000, variant));
          const { won, unexpected } = await race(candidates.map((record, index) => (index % 2 === 0 ? records : second).create(record)));
          assert.deepStrictEqual(unexpected, []);
          assert.equal(won.length, 1);
          assert.deepStrictEqual(await second.get(id), candidates[won[0]]);
        }
      });

      test('read gives the revision: a fresh one when created, one more on every save; a fenced save at another revision is a ConflictError', async (records, other) => {
        await records.create(kind.make('r-1', 1_000, 1));
        const first = (await records.read('r-1'))?.revision ?? 0;
        assert.ok(Number.isSafeInteger(first) && first >= 1, `a safe integer revision: ${first}`);
        await records.save(kind.make('r-1', 1_000, 2));
        assert.deepStrictEqual(await records.read('r-1'), { record: kind.make('r-1', 1_000, 2), revision: first + 1 });
        await records.save(kind.make('r-1', 1_000, 3), { expectedRevision: first + 1 });
        await assert.rejects(records.save(kind.make('r-1', 1_000, 4), { expectedRevision: first + 1 }), (error: unknown) => {
          assert.ok(error instanceof ConflictError);
          assert.deepStrictEqual([error.code, error.expectedRevision, error.actualRevision], ['CONFLICT', first + 1, first + 2]);
          return true;
        });
        await assert.rejects(records.save(kind.make('r-2', 1_000), { expectedRevision: 1 }), ConflictError);
        await records.save(kind.make('r-2', 1_000), { expectedRevision: null });
        await assert.rejects(records.save(kind.make('r-2', 1_000), { expectedRevision: null }), ConflictError);
        const second = await other();
        assert.deepStrictEqual(await second.read('r-1'), { record: kind.make('r-1', 1_000, 3), revision: first + 2 });
        await records.delete('r-1');
        await records.create(kind.make('r-1', 1_000, 5));
        const later = (await records.read('r-1'))?.revision ?? 0;
        assert.ok(later > first + 2, `the new record's revision ${later} is above the deleted one's ${first + 2}`);
        assert.equal(await records.read('missing'), null);
      });

      test('delete removes the record and frees its id; deleting a missing id is a no-op', async (records) => {
        await records.save(kind.make('r-1', 1_000));
        await records.delete('r-1');
        await records.delete('r-1');
        assert.equal(await records.get('r-1'), null);
        assert.deepStrictEqual(await records.list(), []);
        await records.create(kind.make('r-1', 1_000, 3));
        assert.deepStrictEqual(await records.get('r-1'), kind.make('r-1', 1_000, 3));
      });

      test('a bad id or record is refused with a typed error before anything is stored', async (records) => {
        await assert.rejects(records.get(''), InvalidIdError);
        await assert.rejects(records.delete('x'.repeat(1025)), InvalidIdError);
        await assert.rejects(records.save(kind.make('a\ud800', 0)), InvalidIdError);
        await assert.rejects(records.save(kind.broken('r-1') as never), ValidationError);
        await assert.rejects(records.create(kind.broken('r-2') as never), ValidationError);
        assert.deepStrictEqual(await records.list(), []);
      });

      test('ids with separators, dots, spaces and accents are records of their own', async (records) => {
        const ids = ['../x', 'a/b', 'a\\b', '..', 'daily report', 'r\u00e9sum\u00e9-1', '%2F', 'x'.repeat(1024)];
        for (const [i, id] of ids.entries()) await records.save(kind.make(id, i));
        for (const [i, id] of ids.entries()) assert.deepStrictEqual(await records.get(id), kind.make(id, i));
        assert.deepStrictEqual((await records.list()).map((record) => record.id), ids);
        for (const id of ids) await records.delete(id);
        assert.deepStrictEqual(await records.list(), []);
      });
    });
  }
}
