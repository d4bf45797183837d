import { readFileSync } from 'node:fs';
import type { IncomingMessage, ServerResponse } from 'node:http';
import path from 'node:path';
import type { CvmStorage } from '../adapters/storage-adapter';
import type { BaseExecution, BaseProgram } from '../types';
import { StorageError } from '../errors';
import { httpStatusFor } from '../http/http-status';
import { describeStore, type StoreTarget } from '../cli/store-target';
import { scrubConnectionText } from '../util/mask-url';
import { requestToken, sameToken, TOKEN_COOKIE } from './access-token';
import { InspectorApi, InspectorRequestError } from './inspector-api';
import { storeReport } from './store-report';

export interface InspectorOptions {
  /** A connected adapter; the inspector only reads through it and never disconnects it. */
  adapter: CvmStorage<BaseProgram, BaseExecution>;
  /** When set, every request must carry it (`?token=`, `Authorization: Bearer`, or the cookie the page sets); else the app mounting the router authenticates. */
  token?: string;
  /** The store's location, for the store page (what `inspect` and `check` report); without it that page says it is not available. */
  store?: StoreTarget;
  /** The store's name as shown, already without a password. */
  storeLabel?: string;
}

/** A `(req, res, next)` handler: Express's `app.use('/inspector', handler)`, Nest's Express adapter, or `http.createServer(handler)`. */
export type InspectorHandler = (req: IncomingMessage, res: ServerResponse, next?: (error?: unknown) => void) => void;

/** Served from the package, never from the internet: nothing inline, so the policy allows no inline script or style. */
export const CONTENT_SECURITY_POLICY =
  "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self'; connect-src 'self'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'";

const ASSETS: Record<string, string> = { 'app.js': 'text/javascript; charset=utf-8', 'app.css': 'text/css; charset=utf-8' };
const ASSET_FOLDER = path.join(__dirname, 'assets');

/** The read-only inspector as a mountable handler (see docs/inspector.md). */
export function createInspector(options: InspectorOptions): InspectorHandler {
  const api = new InspectorApi(options.adapter);
  const assets = new Map(Object.keys(ASSETS).map((name) => [name, readFileSync(path.join(ASSET_FOLDER, name))]));
  const page = readFileSync(path.join(ASSET_FOLDER, 'index.html'));
  const label = options.storeLabel ?? (options.store ? describeStore(options.store) : 'the application\'s store');

  return (req, res, next) => {
    void (async () => {
      const url = new URL(req.url ?? '/', 'http://inspector.invalid');
      securityHeaders(res);
      if (options.token !== undefined && !sameToken(requestToken(req, url), options.token)) {
        return send(res, 401, 'text/plain; charset=utf-8', 'a valid access token is required: open the URL cvm-storage ui printed\n');
      }
      if (req.method !== 'GET' && req.method !== 'HEAD') {
        res.setHeader('Allow', 'GET, HEAD');
        return send(res, 405, 'text/plain; charset=utf-8', 'the inspector only reads\n');
      }
      const route = url.pathname.replace(/^\/+/, '');
      if (route === '' || route === 'index.html') {
        const original = (req as { originalUrl?: string }).originalUrl;
        // Mounted at /inspector, a request for "/inspector" needs the slash for the page's relative links.
        if (original !== undefined && !new URL(original, 'http://inspector.invalid').pathname.endsWith('/')) {
          res.statusCode = 302;
          res.setHeader('Location', `${new URL(original, 'http://inspector.invalid').pathname}/`);
          return res.end();
        }
        if (options.token !== undefined) res.setHeader('Set-Cookie', `${TOKEN_COOKIE}=${options.token}; HttpOnly; SameSite=Strict; Path=/`);
        return send(res, 200, 'text/html; charset=utf-8', page);
      }
      const asset = assets.get(route);
      if (asset !== undefined) return send(res, 200, ASSETS[route], asset);
      if (!route.startsWith('api/')) return send(res, 404, 'text/plain; charset=utf-8', 'not found\n');
      try {
        return json(res, 200, await answer(api, route.slice('api/'.length).split('/').map(decodeURIComponent), url.searchParams, options, label));
      } catch (error) {
        if (error instanceof InspectorRequestError) return json(res, error.status, { error: { message: error.message } });
        if (error instanceof StorageError) return json(res, httpStatusFor(error), { error: { code: error.code, message: scrubConnectionText(error.message, '') } });
        if (next) return next(error);
        return json(res, 500, { error: { message: 'unexpected error' } });
      }
    })();
  };
}

async function answer(api: InspectorApi, parts: string[], params: URLSearchParams, options: InspectorOptions, label: string): Promise<unknown> {
  const [kind, id, sub, arg] = parts;
  if (parts.length === 1 && kind === 'summary') return { store: label, ...((await api.summary()) as object) };
  if (parts.length === 1 && kind === 'executions') return api.executions(params);
  if (parts.length === 1 && kind === 'programs') return api.programs(params);
  if (parts.length === 1 && kind === 'store') return options.store ? { store: label, ...(await storeReport(options.store)) } : { store: label, unavailable: true };
  if (kind === 'program' && parts.length === 2) return api.program(id);
  if (kind === 'execution' && parts.length === 2) return api.execution(id);
  if (kind === 'execution' && parts.length === 3 && sub === 'output') return api.output(id, params);
  if (kind === 'execution' && parts.length === 3 && sub === 'revisions') return api.revisions(id, params);
  if (kind === 'execution' && parts.length === 4 && sub === 'revision') return api.revision(id, arg);
  throw new InspectorRequestError(404, 'no such API');
}

function securityHeaders(res: ServerResponse): void {
  res.setHeader('Content-Security-Policy', CONTENT_SECURITY_POLICY);
  res.setHeader('X-Content-Type-Options', 'nosniff');
  res.setHeader('Referrer-Policy', 'no-referrer');
  res.setHeader('X-Frame-Options', 'DENY');
  res.setHeader('Cache-Control', 'no-store');
}

function json(res: ServerResponse, status: number, body: unknown): void {
  send(res, status, 'application/json; charset=utf-8', JSON.stringify(body));
}

function send(res: ServerResponse, status: number, type: string, body: string | Buffer): void {
  res.statusCode = status;
  res.setHeader('Content-Type', type);
  res.end(body);
}
