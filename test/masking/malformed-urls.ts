/**
 * Connection strings, most of them malformed, each with the secrets it holds. Shared by the tests
 * of maskUrlPassword and of every place a connection string can be echoed.
 */
export interface SecretUrl {
  url: string;
  /** Text that must not appear anywhere once the URL went through an error, a log line or the CLI. */
  secrets: string[];
}

export const SECRET_URLS: SecretUrl[] = [
  { url: 'mongodb//user:S3cretPass@host/db', secrets: ['S3cretPass'] },
  { url: 'mongodb:/user:S3cretPass@h', secrets: ['S3cretPass'] },
  { url: 'mongodb+srv//u:Srv5ecret@h.example.net/db', secrets: ['Srv5ecret'] },
  { url: 'user:NoScheme9@host:27017', secrets: ['NoScheme9'] },
  { url: 'mongodb://user:p@ss@w0rd@host/db', secrets: ['p@ss@w0rd', 'ss@w0rd'] },
  { url: 'mongodb://user:pa/ss:w0rd@host/db', secrets: ['pa/ss:w0rd', 'ss:w0rd'] },
  { url: 'mongodb://user:Pct%40Enc%3Aoded@host/db', secrets: ['Pct%40Enc%3Aoded', 'Pct@Enc:oded'] },
  { url: '  mongodb://user:Spaced0ut@host/db  ', secrets: ['Spaced0ut'] },
  { url: 'mongodb://:OnlyPassw0rd@h/db', secrets: ['OnlyPassw0rd'] },
  { url: 'mongodb://h/db?password=QueryPass1', secrets: ['QueryPass1'] },
  { url: 'mongodb://h/db?authMechanism=MONGODB-AWS&authMechanismProperties=AWS_SESSION_TOKEN:SessT0ken', secrets: ['SessT0ken'] },
  { url: 'mongodb://h/db?tls=true&tlsCertificateKeyFilePassword=KeyFileP4ss', secrets: ['KeyFileP4ss'] },
  { url: 'MONGODB://USER:UpperCase7@HOST/db', secrets: ['UpperCase7'] },
  { url: 'mongodb://user:Cut0ffSecret', secrets: ['Cut0ffSecret'] },
  { url: 'mongodb://user:Cut0ffSecret/db', secrets: ['Cut0ffSecret'] },
  { url: 'mongodb:user:MissingSl4sh@host', secrets: ['MissingSl4sh'] },
  { url: 'mongodb://user:Pass%Bad@host', secrets: ['Pass%Bad'] },
  { url: 'mongodb://u:Pct%2Fslash@h1:27017,h2:27017/db?replicaSet=rs0', secrets: ['Pct%2Fslash', 'Pct/slash'] },
];
