// vitest's imports served by jest's globals, so the original's specs run as they are.
export const describe = global.describe;
export const it = global.it;
export const test = global.test;
export const expect = (global as unknown as { expect: jest.Expect }).expect;
export const beforeEach = global.beforeEach;
export const afterEach = global.afterEach;
export const beforeAll = global.beforeAll;
export const afterAll = global.afterAll;
export const vi = jest;
