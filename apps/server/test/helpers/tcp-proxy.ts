import { type AddressInfo, createServer, connect, type Socket } from 'node:net';

export interface TcpProxy {
  port: number;
  /** ws://127.0.0.1:port, for clients that should not know which instance serves them. */
  wsUrl: string;
  /** Where new connections go from now on (existing ones stay); null refuses them. */
  setTarget(port: number | null): void;
  close(): Promise<void>;
}

/**
 * A tiny TCP proxy standing in for a load balancer: clients reconnect to it and land on whatever
 * instance is the target now.
 * @example const proxy = await startTcpProxy({ target: first.port }); ...; proxy.setTarget(second.port);
 */
export async function startTcpProxy(options: { target: number | null }): Promise<TcpProxy> {
  let target = options.target;
  const sockets = new Set<Socket>();
  const server = createServer((inbound) => {
    if (target === null) {
      inbound.destroy();
      return;
    }
    const outbound = connect(target, '127.0.0.1');
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
    async close() {
      const closed = new Promise<void>((resolve) => server.close(() => resolve()));
      for (const socket of sockets) socket.destroy();
      await closed;
    },
  };
}
