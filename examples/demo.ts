/**
 * `npm run demo`: a CVM server's life on the file backend, in a fresh data folder. It saves a
 * program, starts an execution and walks it through its steps the way a server does at every
 * pause (read state, append output, save state, set current), then shows what is on disk and
 * ends with `cvm-storage inspect` on the store it made.
 */
import { mkdtempSync, readdirSync, statSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { main as cvmStorage } from '../src/cli/main';
import { createStorageAdapter, type CVMValue, type Execution, type Instruction, type Program } from '../src';
import { newExecution } from '../src/testing';

const bytecode: Instruction[] = [
  { op: 'PUSH', arg: 'Say hello to', line: 1 },
  { op: 'PUSH', arg: 'the world', line: 1 },
  { op: 'CONCAT', line: 1 },
  { op: 'CC', line: 1 },
  { op: 'STORE', arg: 'greeting', line: 1 },
  { op: 'LOAD', arg: 'greeting', line: 2 },
  { op: 'PRINT', line: 2 },
  { op: 'HALT', line: 3 },
];

async function main(): Promise<void> {
  const dataDir = mkdtempSync(path.join(os.tmpdir(), 'cvm-demo-'));
  const storage = await createStorageAdapter({ dataDir });

  const program: Program = {
    id: 'hello-world',
    name: 'Hello World',
    source: 'function main() { const greeting = CC("Say hello to the world"); console.log(greeting); }',
    bytecode,
    created: new Date(),
  };
  await storage.saveProgram(program);

  const executionId = `exec-${Date.now()}`;
  await storage.saveExecution(newExecution(executionId, program.id));
  await storage.setCurrentExecutionId(executionId);

  for (let step = 0; ; step++) {
    const execution = await requireExecution(storage.getExecution(executionId));
    const loaded = await storage.getProgram(execution.programId);
    if (!loaded || execution.state === 'COMPLETED') break;
    const instruction = loaded.bytecode[execution.pc];
    const { next, printed } = runOneInstruction(execution, instruction);
    console.log(`step ${step}: pc ${execution.pc} ${instruction.op} -> ${next.state}`);
    await storage.appendOutput(executionId, printed);
    await storage.saveExecution(next);
    await storage.setCurrentExecutionId(executionId);
    if (next.state === 'AWAITING_COGNITIVE_RESULT') {
      console.log(`paused at CC(): "${next.ccPrompt}" - state saved; any process could resume from here`);
      const resumed = await requireExecution(storage.getExecution(executionId));
      resumed.stack.push('Hello, world!');
      resumed.state = 'RUNNING';
      resumed.pc += 1;
      delete resumed.ccPrompt;
      await storage.saveExecution(resumed);
    }
  }

  const final = await requireExecution(storage.getExecution(executionId));
  console.log(`\nexecution ${final.id}: ${final.state}, pc ${final.pc}, variables ${JSON.stringify(final.variables)}`);
  console.log('output (what the program printed):');
  for (const line of await storage.getOutput(executionId)) console.log(`  ${line}`);
  console.log(`current execution: ${await storage.getCurrentExecutionId()}`);
  console.log(`programs: ${(await storage.listPrograms()).map((p) => p.id).join(', ')}`);
  console.log(`executions: ${(await storage.listExecutions()).map((e) => e.id).join(', ')}`);
  console.log(`\nstored under ${dataDir}:`);
  for (const file of listFiles(dataDir)) console.log(`  ${file}`);
  await storage.disconnect();

  console.log(`\n$ cvm-storage inspect --data-dir ${dataDir}`);
  const code = await cvmStorage(['inspect', '--data-dir', dataDir]);
  if (code !== 0) throw new Error(`cvm-storage inspect exited with ${code}`);
}

/** A toy interpreter for the demo's few opcodes; a real CVM does this part. */
function runOneInstruction(execution: Execution, instruction: Instruction): { next: Execution; printed: string[] } {
  const printed: string[] = [];
  const next: Execution = { ...execution, stack: [...execution.stack], variables: { ...execution.variables }, updated: new Date() };
  next.state = 'RUNNING';
  next.pc += 1;
  switch (instruction.op) {
    case 'PUSH':
      next.stack.push((instruction.arg ?? null) as CVMValue);
      break;
    case 'CONCAT': {
      const right = next.stack.pop();
      const left = next.stack.pop();
      next.stack.push(`${String(left)} ${String(right)}`);
      break;
    }
    case 'CC':
      next.ccPrompt = String(next.stack.pop());
      next.state = 'AWAITING_COGNITIVE_RESULT';
      next.pc = execution.pc;
      break;
    case 'STORE':
      next.variables[String(instruction.arg)] = next.stack.pop() ?? null;
      break;
    case 'LOAD':
      next.stack.push(next.variables[String(instruction.arg)] ?? null);
      break;
    case 'PRINT':
      printed.push(String(next.stack.pop()));
      break;
    case 'HALT':
      next.state = 'COMPLETED';
      next.returnValue = next.variables.greeting ?? null;
      break;
  }
  return { next, printed };
}

async function requireExecution(pending: Promise<Execution | null>): Promise<Execution> {
  const execution = await pending;
  if (!execution) throw new Error('execution disappeared');
  return execution;
}

function listFiles(root: string, prefix = ''): string[] {
  return readdirSync(path.join(root, prefix)).flatMap((name) => {
    const relative = path.join(prefix, name);
    const stats = statSync(path.join(root, relative));
    return stats.isDirectory() ? listFiles(root, relative) : [`${relative} (${stats.size} bytes)`];
  });
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
