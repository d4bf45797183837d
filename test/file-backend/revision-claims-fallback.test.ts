import diagnosticsChannel from 'node:diagnostics_channel';
import { existsSync, promises as fs, lstatSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { FENCED_SAVE_CHANNEL } from '../../src/repositories/fenced-save-events';
import { HOST_IDENTITY } from '../../src/repositories/file/temp-files';
import { makeExecution, useConnectedFileAdapters, useTempDir } from '../support/fixtures';

/** Where symbolic links cannot be made (EPERM), a claim is a small file naming its process (revision-claims.ts). */
describe('file backend: claims where symbolic links cannot be made', () => {
  const dir = useTempDir();
  const connected = useConnectedFileAdapters(dir);

  it('are files naming this process, and a fenced save still writes and removes its claim', async () => {
    const symlink = jest.spyOn(fs, 'symlink').mockRejectedValue(Object.assign(new Error('operation not permitted'), { code: 'EPERM' }));
    const adapter = await connected();
    await adapter.saveExecution(makeExecution({ pc: 1 }));
    const revision = (await adapter.readExecution('exec-1'))!.revision;
    const claim = path.join(dir(), 'executions', `exec-1.json.r${revision + 1}`);
    const seen: unknown[] = [];
    const onPhase = (message: unknown) => {
      if ((message as { phase: string }).phase === 'write') seen.push({ file: lstatSync(claim).isFile(), owner: JSON.parse(readFileSync(claim, 'utf8')) });
    };
    diagnosticsChannel.subscribe(FENCED_SAVE_CHANNEL, onPhase);
    try {
      await adapter.saveExecution(makeExecution({ pc: 2 }), { expectedRevision: revision });
    } finally {
      diagnosticsChannel.unsubscribe(FENCED_SAVE_CHANNEL, onPhase);
    }
    expect(symlink).toHaveBeenCalledTimes(1);
    expect(seen).toEqual([{ file: true, owner: expect.objectContaining({ identity: HOST_IDENTITY, pid: process.pid }) }]);
    expect(existsSync(claim)).toBe(false);
    expect(await adapter.readExecution('exec-1')).toEqual({ execution: makeExecution({ pc: 2 }), revision: revision + 1 });
  });
});
