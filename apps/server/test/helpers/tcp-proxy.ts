import { type AddressInfo, createServer, connect, type Socket } from 'node:net';

export interface TcpProxy {
  port: number;
  /** ws://127.0.0.1:port, for clients that should not know which instance serves them. */
  wsUrl: string;
  /** Where new connections go from now on (existing ones stay); null refuses them. */
  setTarget(port: number | null): void;
  /** Resets every open connection and refuses new ones until `restore`: the peer is gone. */
  cut(): void;
  restore(): void;
  /** Stops forwarding without closing anything: requests are never answered (a hung peer). */
  stall(): void;
  close(): Promise<void>;
}

/**
 * A tiny TCP proxy standing in for a load balancer or a network between the server and a service:
 * clients reconnect to it and land on whatever is the target now; tests cut, stall and restore it.
 * @example const proxy = await startTcpProxy({ target: first.port }); ...; proxy.setTarget(second.port);
 */
export async function startTcpProxy(options: { target: number | null; host?: string }): Promise<TcpProxy> {
  const host = options.host ?? '127.0.0.1';
  let target = options.target;
  let up = true;
  const sockets = new Set<Socket>();
  const server = createServer((inbound) => {
    if (target === null || !up) {
      inbound.resetAndDestroy();
      return;
    }
    const outbound = connect(target, host);
    for (const socket of [inbound, outbound]) {
      sockets.add(socket);
      socket.on('error', () => socket.destroy()).on('close', () => {
        sockets.delete(socket);
        inbound.destroy();
        outbound.destroy();
      });
    }
    inbound.pipe(outbound).pipe(inbound);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    port,
    wsUrl: `ws://127.0.0.1:${port}`,
    setTarget(next) {
      target = next;
    },
    cut() {
      up = false;
      for (const socket of sockets) socket.resetAndDestroy();
    },
    restore() {
      up = true;
    },
    stall() {
      for (const socket of sockets) {
        socket.unpipe();
        socket.pause();
      }
    },
    async close() {
      const closed = new Promise<void>((resolve) => server.close(() => resolve()));
      for (const socket of sockets) socket.destroy();
      await closed;
    },
  };
}
