/**
 * `@cvm/storage/testing` must load in an app without Nest installed; only `/testing/nest` and
 * `/nest` may need it. Here every @nestjs package fails to load, as when it is not installed.
 */
describe('the testing entry without Nest installed', () => {
  const notInstalled = (name: string) => () => {
    throw new Error(`Cannot find module '${name}'`);
  };

  beforeEach(() => {
    jest.resetModules();
    for (const name of ['@nestjs/common', '@nestjs/core', '@nestjs/testing']) jest.doMock(name, notInstalled(name));
  });

  afterEach(() => {
    jest.resetModules();
  });

  it('loads @cvm/storage/testing and creates a test storage', async () => {
    const testing = jest.requireActual<typeof import('../../src/testing')>('../../src/testing');
    await using storage = await testing.createTestStorage();
    expect(storage.isConnected()).toBe(true);
  });

  it('fails to load @cvm/storage/nest, so the check above is a real one', () => {
    expect(() => jest.requireActual('../../src/nest')).toThrow("Cannot find module '@nestjs/common'");
  });
});
