import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { RepositoryStorageAdapter } from '../../src/adapters/repository-storage-adapter';
import { openStore, type StoreTarget } from '../../src/cli/store-target';
import { newAccessToken } from '../../src/inspector/access-token';
import { createInspector } from '../../src/inspector';

export interface RunningInspector {
  /** The page's URL with its token, as `cvm-storage ui` prints it. */
  url: string;
  base: string;
  token: string;
  close(): Promise<void>;
}

/** The inspector over `dataDir`, opened read-only as `cvm-storage ui` opens it, on a free port. */
export async function startInspector(dataDir: string): Promise<RunningInspector> {
  const store: StoreTarget = { kind: 'file', dataDir };
  const adapter: RepositoryStorageAdapter = await openStore(store, { readOnly: true });
  const token = newAccessToken();
  const server: Server = createServer(createInspector({ adapter, token, store }));
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}/`;
  return {
    url: `${base}?token=${token}`,
    base,
    token,
    close: async () => {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      await adapter.disconnect();
    },
  };
}
