import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { FileStorageAdapter } from '../../src';
import { HOST_IDENTITY } from '../../src/repositories/file/temp-files';
import { useTempDir } from '../support/fixtures/temp-folders';

/** The pid of a process that has already exited. */
function deadPid(): number {
  const child = spawnSync(process.execPath, ['-e', 'process.stdout.write(String(process.pid))']);
  return Number(child.stdout.toString());
}

describe('file backend: what a crash leaves behind', () => {
  const dir = useTempDir();

  function seed(folder: string, name: string, content = '{"torn":'): string {
    const full = path.join(dir(), folder);
    mkdirSync(full, { recursive: true });
    writeFileSync(path.join(full, name), content);
    return path.join(full, name);
  }

  it('connect() removes temp files of dead writers of this host and namespace in every folder and keeps the records', async () => {
    const pid = deadPid();
    const leftovers = [
      seed('programs', `.p.json.${HOST_IDENTITY}.${pid}.1.tmp`),
      seed('executions', `.e.json.${HOST_IDENTITY}.${pid}.2.tmp`),
      seed('.', `.metadata.json.${HOST_IDENTITY}.${pid}.3.tmp`),
    ];
    seed('programs', 'p.json', JSON.stringify({ id: 'p', name: 'n', source: '', bytecode: [], created: new Date(0) }));

    const storage = new FileStorageAdapter(dir());
    await storage.connect();

    for (const file of leftovers) expect(existsSync(file)).toBe(false);
    expect(readdirSync(path.join(dir(), 'programs'))).toEqual(['p.json']);
    expect((await storage.getProgram('p'))?.created).toEqual(new Date(0));
    await storage.disconnect();
  });

  it('leaves a live writer’s temp file alone, and files that are not its own', async () => {
    const live = seed('executions', `.e.json.${HOST_IDENTITY}.${process.ppid}.1.tmp`);
    const foreign = seed('executions', 'notes.txt', 'hello');
    const storage = new FileStorageAdapter(dir());
    await storage.connect();
    expect(existsSync(live)).toBe(true);
    expect(existsSync(foreign)).toBe(true);
    expect(await storage.listExecutions()).toEqual([]);
    await storage.disconnect();
  });
});
