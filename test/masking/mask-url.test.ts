import { maskUrlPassword } from '../../src/util/mask-url';
import { connectionSecrets, scrubConnectionText } from '../../src/util/mask-url';
import { SECRET_URLS } from './malformed-urls';

describe('maskUrlPassword', () => {
  it.each(SECRET_URLS)('masks every secret of $url, alone and inside a sentence', ({ url, secrets }) => {
    for (const text of [url, `Cannot connect to ${url}: bad URL`, `"${url.trim()}"`, `url=${url.trim()}, then more`]) {
      const masked = maskUrlPassword(text);
      for (const secret of secrets) expect({ text, masked, leaks: masked.includes(secret) }).toEqual({ text, masked, leaks: false });
      expect(masked).toContain('****');
    }
  });

  it.each([
    ['mongodb//user:S3cretPass@host/db', 'mongodb//user:****@host/db'],
    ['mongodb:/user:S3cretPass@h', 'mongodb:/user:****@h'],
    ['user:NoScheme9@host:27017', 'user:****@host:27017'],
    ['mongodb://user:p@ss@w0rd@host/db', 'mongodb://user:****@host/db'],
    ['mongodb://:OnlyPassw0rd@h/db', 'mongodb://:****@h/db'],
    ['mongodb://h/db?w=majority&password=QueryPass1&x=1', 'mongodb://h/db?w=majority&password=****&x=1'],
    ['MONGODB://USER:UpperCase7@HOST/db', 'MONGODB://USER:****@HOST/db'],
    ['mongodb://user:Cut0ffSecret/db', 'mongodb://user:****'],
  ])('keeps the rest readable: %s', (url, expected) => {
    expect(maskUrlPassword(url)).toBe(expected);
  });

  it.each([
    'mongodb://user@host/db',
    'mongodb://127.0.0.1:27017,[::1]:27018/cvm?replicaSet=rs0&w=majority',
    'mongodb+srv://cluster0.example.net/cvm',
    'write to ops@example.com: the folder /srv/node_modules/@cvm/storage is missing',
    '    at Object.<anonymous> (/work/node_modules/@cvm/storage/dist/index.js:3:14)',
    'expected a string that starts with "mongodb://" or "mongodb+srv://"',
    '    at Connection.onMessage (/app/node_modules/mongodb/lib/cmap/connection.js:12:5)',
  ])('leaves text without a secret alone, the user name included: %s', (text) => {
    expect(maskUrlPassword(text)).toBe(text);
  });

  it.each(SECRET_URLS)('connectionSecrets finds the secrets of $url, so other renderings of them can be scrubbed', ({ url, secrets }) => {
    expect(connectionSecrets(url)).toContain(secrets[0]);
    const elsewhere = `driver said: auth failed for ${secrets.join(' and ')}`;
    const scrubbed = scrubConnectionText(elsewhere, url);
    for (const secret of secrets) expect(scrubbed).not.toContain(secret);
  });

  it('a password with a raw space is masked in full when the URL is known', () => {
    const url = 'mongodb://user:two words@host/db';
    expect(scrubConnectionText(`Cannot connect to ${url}`, url)).toBe('Cannot connect to mongodb://user:****@host/db');
  });
});
