import { FileStorageAdapter, type Execution } from '../src';
import { backendOf } from '../src/adapters/repository-storage-adapter';
import { makeExecution, makeLines, makeProgram, random } from './fixtures';
async function main() {
  const dir = '/tmp/prof2-' + Date.now();
  const sides = [new FileStorageAdapter(dir + '/off'), new FileStorageAdapter(dir + '/on', { history: { keep: 10 } })];
  const t = [{} as Record<string, number>, {} as Record<string, number>];
  for (const a of sides) { await a.connect(); await a.saveProgram(makeProgram()); await a.saveExecution(makeExecution('x')); await a.setCurrentExecutionId('x'); }
  const b: any = backendOf(sides[1]);
  const W = (obj: any, name: string, label: string) => { const f = obj[name].bind(obj); obj[name] = async (...a: any[]) => { const s = performance.now(); try { return await f(...a); } finally { t[1][label] = (t[1][label] ?? 0) + performance.now() - s; } }; };
  W(b.executions, 'read', 'i.read'); W(b.executions, 'save', 'i.save'); W(b.outputs, 'length', 'i.len'); W(b.history, 'record', 'i.rec'); W(b.history, 'trimBelow', 'i.trim');
  const rand = random(1);
  const time = async <T>(k: number, n: string, f: () => Promise<T>) => { const s = performance.now(); const r = await f(); t[k][n] = (t[k][n] ?? 0) + performance.now() - s; return r; };
  for (let i = 0; i < 200; i++) for (const k of [0, 1]) { const a = sides[k];
    const e = (await time(k, 'get', () => a.getExecution('x'))) as Execution;
    await time(k, 'append', () => a.appendOutput('x', makeLines(rand, i, 2)));
    e.pc++; e.updated = new Date();
    await time(k, 'save', () => a.saveExecution(e));
    await time(k, 'current', () => a.setCurrentExecutionId('x')); }
  for (const k of [0, 1]) console.log(k ? 'on ' : 'off', Object.entries(t[k]).map(([n, v]) => `${n} ${(v / 200).toFixed(2)}`).join('  '));
}
main();
