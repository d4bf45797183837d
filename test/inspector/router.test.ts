import express from 'express';
import request from 'supertest';
import { FileStorageAdapter } from '../../src/adapters/file-storage-adapter';
import { createInspector } from '../../src/inspector';
import { makeTempDir, removeTempDir } from '../support/fixtures/temp-folders';
import { SEEDED, seedInspectorStore } from './seed-inspector-store';

let dataDir: string;
let adapter: FileStorageAdapter;
let app: express.Express;

beforeAll(async () => {
  dataDir = makeTempDir('cvm-inspector-router-');
  await seedInspectorStore(dataDir);
  adapter = new FileStorageAdapter(dataDir);
  await adapter.connect();
  app = express();
  // The application's own authentication in front of the router.
  app.use('/inspector', (req, res, next) => (req.headers['x-user'] === 'admin' ? next() : res.status(403).end()), createInspector({ adapter }));
});
afterAll(async () => {
  await adapter?.disconnect();
  if (dataDir) removeTempDir(dataDir);
});

const asAdmin = (path: string) => request(app).get(path).set('x-user', 'admin');

describe('@cvm/storage/inspector mounted in an Express app', () => {
  it('serves the page, its files and its API under the mount path, behind the app\'s authentication', async () => {
    expect((await request(app).get('/inspector/')).status).toBe(403);
    const redirect = await asAdmin('/inspector');
    expect(redirect.status).toBe(302);
    expect(redirect.headers.location).toBe('/inspector/');
    const page = await asAdmin('/inspector/');
    expect(page.status).toBe(200);
    expect(page.headers['content-security-policy']).toContain("script-src 'self'");
    expect(page.headers['set-cookie']).toBeUndefined();
    expect((await asAdmin('/inspector/app.js')).headers['content-type']).toBe('text/javascript; charset=utf-8');
    const execution = await asAdmin(`/inspector/api/execution/${SEEDED.paused}`);
    expect(execution.body).toMatchObject({ current: true, outputLength: 4, program: { id: SEEDED.program, instruction: { op: 'CC', line: 7 } } });
    expect((await asAdmin('/inspector/api/store')).body).toEqual({ store: "the application's store", unavailable: true });
  });

  it('answers a bad request with a message naming the parameter, and an unknown or impossible id with 404', async () => {
    expect((await asAdmin('/inspector/api/executions?state=SLEEPING')).body.error.message).toContain('state must be one of READY');
    expect((await asAdmin('/inspector/api/execution/no-such')).status).toBe(404);
    expect((await asAdmin(`/inspector/api/execution/${SEEDED.done}/output?before=x`)).status).toBe(400);
    const invalid = await asAdmin('/inspector/api/execution/..%2Fetc');
    // The API reads an id no record can have as not there; the id stays one path segment.
    expect(invalid.status).toBe(404);
    expect(invalid.body.error.message).toBe('no execution ../etc');
  });

  it('pages the output from the end', async () => {
    const last = await asAdmin(`/inspector/api/execution/${SEEDED.done}/output`);
    expect(last.body).toMatchObject({ from: 250, length: 450 });
    expect(last.body.lines).toHaveLength(200);
    const earlier = await asAdmin(`/inspector/api/execution/${SEEDED.done}/output?before=250&limit=10`);
    expect(earlier.body).toEqual({ from: 240, length: 450, lines: Array.from({ length: 10 }, (_, i) => `line ${241 + i}`) });
  });
});
