import { ConfigService } from '@nestjs/config';
import { storageOptionsFrom } from './storage-options';

describe('storageOptionsFrom', () => {
  // ConfigService reads process.env before its own values, so the suite runs without these set.
  const saved = { MONGODB_URL: process.env.MONGODB_URL, CVM_DATA_DIR: process.env.CVM_DATA_DIR, CVM_VALIDATION: process.env.CVM_VALIDATION };
  beforeEach(() => {
    delete process.env.MONGODB_URL;
    delete process.env.CVM_DATA_DIR;
    delete process.env.CVM_VALIDATION;
  });
  afterEach(() => {
    for (const [name, value] of Object.entries(saved)) if (value !== undefined) process.env[name] = value;
  });

  it('chooses MongoDB when MONGODB_URL is set', () => {
    const config = new ConfigService({ MONGODB_URL: 'mongodb://db.internal:27017/cvm', CVM_DATA_DIR: '/srv/cvm' });
    expect(storageOptionsFrom(config)).toEqual({ mongoUrl: 'mongodb://db.internal:27017/cvm' });
  });

  it('else the file backend in CVM_DATA_DIR', () => {
    expect(storageOptionsFrom(new ConfigService({ CVM_DATA_DIR: '/srv/cvm' }))).toEqual({ dataDir: '/srv/cvm' });
  });

  it('else the file backend in ./cvm-data', () => {
    expect(storageOptionsFrom(new ConfigService({ MONGODB_URL: '' }))).toEqual({ dataDir: './cvm-data' });
  });

  it('passes CVM_VALIDATION on as the validation option', () => {
    expect(storageOptionsFrom(new ConfigService({ CVM_DATA_DIR: '/srv/cvm', CVM_VALIDATION: 'strict' }))).toEqual({
      dataDir: '/srv/cvm',
      validation: 'strict',
    });
  });
});
