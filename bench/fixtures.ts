import type { CVMValue, Execution, Instruction, Program } from '../src';

/** Deterministic records of realistic shape and size for the scenarios. */

/** A small seeded PRNG (mulberry32), so every run builds the same data. */
export function random(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const WORDS = (
  'the model returned a summary of each section with key facts dates names and open questions ' +
  'for review by the analyst before the next cognitive call continues the loop over documents'
).split(' ');

export function text(rand: () => number, words: number): string {
  const parts: string[] = [];
  for (let i = 0; i < words; i++) parts.push(WORDS[Math.floor(rand() * WORDS.length)]);
  return parts.join(' ');
}

/** One CVM value of a mixed kind: scalars, short texts, small arrays and objects, refs. */
function value(rand: () => number, index: number): CVMValue {
  switch (index % 8) {
    case 0:
      return text(rand, 60 + Math.floor(rand() * 80));
    case 1:
      return Math.floor(rand() * 1_000_000) / 100;
    case 2:
      return rand() < 0.5;
    case 3:
      return null;
    case 4:
      return { type: 'array', elements: [text(rand, 8), Math.floor(rand() * 100), text(rand, 12), true] };
    case 5:
      return {
        type: 'object',
        properties: { title: text(rand, 6), score: Math.floor(rand() * 100), tags: { type: 'array', elements: ['a', 'b'] } },
      };
    case 6:
      return { type: 'object-ref', id: index };
    default:
      return { type: 'undefined' };
  }
}

export const PROGRAM_ID = 'bench-program';

const OPS = ['PUSH', 'LOAD', 'STORE', 'CONCAT', 'CC', 'JUMP_IF_FALSE', 'CALL', 'PRINT', 'ADD', 'JUMP'];

/** A program of `instructions` bytecode instructions with its source text. */
export function makeProgram(instructions = 2000, id = PROGRAM_ID): Program {
  const rand = random(1);
  const bytecode: Instruction[] = [];
  const source: string[] = [];
  for (let i = 0; i < instructions; i++) {
    const op = OPS[i % OPS.length];
    const line = Math.floor(i / 4) + 1;
    const instruction: Instruction = { op, line };
    if (op === 'PUSH') instruction.arg = i % 3 === 0 ? text(rand, 6) : Math.floor(rand() * 1000);
    if (op === 'LOAD' || op === 'STORE') instruction.arg = `var${i % 50}`;
    if (op === 'JUMP' || op === 'JUMP_IF_FALSE') instruction.arg = Math.floor(rand() * instructions);
    bytecode.push(instruction);
    if (i % 4 === 0) source.push(`  const var${i % 50} = CC("${text(rand, 5)}");`);
  }
  return {
    id,
    name: 'Benchmark program',
    source: `function main() {\n${source.join('\n')}\n}`,
    bytecode,
    created: new Date('2025-01-01T00:00:00.000Z'),
  };
}

/** An execution paused at a cognitive call: `stackSize` stack entries and `variableCount` variables. */
export function makeExecution(id: string, stackSize = 50, variableCount = 50, seed = 2, created = new Date('2025-01-01T00:00:00.000Z')): Execution {
  const rand = random(seed);
  const stack: CVMValue[] = [];
  for (let i = 0; i < stackSize; i++) stack.push(value(rand, i));
  const variables: Record<string, CVMValue> = {};
  for (let i = 0; i < variableCount; i++) variables[`var${i}`] = value(rand, i + 3);
  return {
    id,
    programId: PROGRAM_ID,
    state: 'AWAITING_COGNITIVE_RESULT',
    pc: 100,
    stack,
    variables,
    heap: {
      objects: { 0: { type: 'object', data: { type: 'object', properties: { note: text(rand, 10) } } } },
      nextId: 1,
    },
    ccPrompt: text(rand, 40),
    created,
    updated: created,
  };
}

/**
 * An execution of about `megabytes` MB as stored: a heap of `documents` objects (each a
 * processed document with fields and a summary text), an iterator over them, and the usual stack
 * and variables: the state of a program that loops over a large collection.
 */
export function makeLargeExecution(id: string, megabytes = 5): Execution {
  const base = makeExecution(id, 50, 50, 3);
  const rand = random(4);
  const objects: Record<number, { type: 'object'; data: CVMValue }> = {};
  const documents = Math.round(megabytes * 2000);
  const elements: CVMValue[] = [];
  for (let i = 0; i < documents; i++) {
    objects[i] = {
      type: 'object',
      data: {
        type: 'object',
        properties: {
          id: `doc-${i}`,
          title: text(rand, 6),
          summary: text(rand, 30),
          score: Math.floor(rand() * 1000) / 10,
          reviewed: rand() < 0.5,
          tags: { type: 'array', elements: [text(rand, 1), text(rand, 1)] },
        },
      },
    };
    elements.push({ type: 'object-ref', id: i });
  }
  return {
    ...base,
    heap: { objects, nextId: documents },
    iterators: [{ array: { type: 'array', elements }, index: 10, length: documents }],
  };
}

/** `count` output lines of a step: short log lines of about 60 to 90 characters. */
export function makeLines(rand: () => number, start: number, count: number): string[] {
  const lines: string[] = [];
  for (let i = 0; i < count; i++) lines.push(`[step ${start + i}] ${text(rand, 8 + Math.floor(rand() * 6))}`);
  return lines;
}
