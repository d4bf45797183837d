/**
 * The test runner the StorageAdapter contract runs on: any runner with Jest's globals and
 * `expect` (Jest, Vitest, Bun's test runner). describeStorageContract installs one; the suite's
 * files call these wrappers, so they never touch a runner's globals directly.
 */

/** The matchers the suite uses, as Jest, Vitest and Bun define them. */
export interface Matchers<R> {
  toBe(expected: unknown): R;
  toEqual(expected: unknown): R;
  toStrictEqual(expected: unknown): R;
  toBeNull(): R;
  toBeUndefined(): R;
  toBeInstanceOf(expected: unknown): R;
  toHaveLength(length: number): R;
  toHaveProperty(path: string | readonly string[], value?: unknown): R;
  toContain(item: unknown): R;
  toContainEqual(item: unknown): R;
  toMatchObject(expected: object): R;
  toMatch(expected: string | RegExp): R;
  toBeGreaterThan(expected: number | bigint): R;
}

export interface Assertion extends Matchers<void> {
  not: Matchers<void>;
  resolves: Matchers<Promise<void>>;
  rejects: Matchers<Promise<void>>;
}

export interface Expect {
  (actual: unknown): Assertion;
  any(type: unknown): unknown;
  arrayContaining(items: readonly unknown[]): unknown;
  stringMatching(pattern: string | RegExp): unknown;
}

/** What a runner is given: always a function returning a promise, the form every runner accepts. */
type AsyncBody = () => Promise<void>;
/** What the suite's tests are written as: sync or async. */
type TestBody = () => unknown;

/** `it.each(table)(name, body)`: one test per row; a row that is an array is spread into `body`'s arguments. */
export interface Each {
  <T extends readonly unknown[] | [unknown]>(table: readonly T[]): (name: string, body: (...args: T) => unknown, timeout?: number) => void;
  <T>(table: readonly T[]): (name: string, body: (row: T) => unknown, timeout?: number) => void;
}

export interface JestLikeRunner {
  describe(name: string, body: () => void): void;
  it: {
    (name: string, body: AsyncBody, timeout?: number): void;
    each: Each;
  };
  beforeEach(body: AsyncBody, timeout?: number): void;
  afterEach(body: AsyncBody, timeout?: number): void;
  expect: Expect;
}

let installed: JestLikeRunner | undefined;

/** Makes `runner` the one the suite's wrappers call; the latest installed wins. */
export function installRunner(runner: JestLikeRunner): void {
  installed = runner;
}

/** The runner's globals, for a runner that defines them (Jest; Vitest with `globals: true`). */
export function globalRunner(): JestLikeRunner {
  const globals = globalThis as unknown as Partial<JestLikeRunner>;
  const { describe, it, beforeEach, afterEach, expect } = globals;
  if (describe === undefined || it === undefined || beforeEach === undefined || afterEach === undefined || expect === undefined) {
    throw new Error('describeStorageContract needs a runner: pass { describe, it, beforeEach, afterEach, expect } from your test runner');
  }
  return { describe, it, beforeEach, afterEach, expect };
}

function runner(): JestLikeRunner {
  if (installed === undefined) throw new Error('the storage contract runs only inside describeStorageContract');
  return installed;
}

export function describe(name: string, body: () => void): void {
  runner().describe(name, body);
}

const each = ((table: readonly unknown[]) =>
  (name: string, body: (...args: never[]) => unknown, timeout?: number): void =>
    (runner().it.each as (rows: readonly unknown[]) => (n: string, b: typeof body, t?: number) => void)(table)(name, body, timeout)) as Each;

function asAsync(body: TestBody): AsyncBody {
  return async () => {
    await body();
  };
}

export const it = Object.assign((name: string, body: TestBody, timeout?: number): void => runner().it(name, asAsync(body), timeout), { each });

export function beforeEach(body: TestBody, timeout?: number): void {
  runner().beforeEach(asAsync(body), timeout);
}

export function afterEach(body: TestBody, timeout?: number): void {
  runner().afterEach(asAsync(body), timeout);
}

export const expect: Expect = Object.assign((actual: unknown) => runner().expect(actual), {
  any: (type: unknown) => runner().expect.any(type),
  arrayContaining: (items: readonly unknown[]) => runner().expect.arrayContaining(items),
  stringMatching: (pattern: string | RegExp) => runner().expect.stringMatching(pattern),
});
