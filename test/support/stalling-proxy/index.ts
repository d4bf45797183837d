import net from 'node:net';

/** A loopback TCP proxy to `target` that can stop forwarding while keeping every connection open, or go away. */
export interface StallingProxy {
  readonly port: number;
  /** From now on nothing is forwarded either way, as with a server paused by SIGSTOP. */
  stall(): void;
  /** Forwards again, what was held back included. */
  resume(): void;
  /** Resets every connection and refuses new ones at once, as a server that stopped; the port stays bound. */
  goAway(): void;
  /** Accepts and forwards connections again after goAway(). */
  comeBack(): void;
  close(): Promise<void>;
}

export async function startStallingProxy(targetPort: number): Promise<StallingProxy> {
  const sockets = new Set<net.Socket>();
  let stalled = false;
  let gone = false;
  const server = net.createServer((client) => {
    if (gone) return void client.destroy();
    const upstream = net.connect(targetPort, '127.0.0.1');
    for (const socket of [client, upstream]) {
      sockets.add(socket);
      socket.on('error', () => socket.destroy());
      socket.on('close', () => sockets.delete(socket));
    }
    client.pipe(upstream);
    upstream.pipe(client);
    // After pipe(), which sets the streams flowing: a connection opened while stalled stays silent.
    if (stalled) for (const socket of [client, upstream]) socket.pause();
    client.on('close', () => upstream.destroy());
    upstream.on('close', () => client.destroy());
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    port: (server.address() as net.AddressInfo).port,
    stall() {
      stalled = true;
      for (const socket of sockets) socket.pause();
    },
    resume() {
      stalled = false;
      for (const socket of sockets) socket.resume();
    },
    goAway() {
      gone = true;
      for (const socket of sockets) socket.destroy();
    },
    comeBack() {
      gone = false;
    },
    async close() {
      for (const socket of sockets) socket.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
