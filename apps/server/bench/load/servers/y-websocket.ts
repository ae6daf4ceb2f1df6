// The reference server as a benchmark child: @y/websocket-server's setupWSConnection on a `ws` server, as its
// own bin does. With a storage dir it persists to y-leveldb (YPERSISTENCE, read when its module loads).
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { WebSocketServer } from 'ws';
import { childArgs } from '../ipc.ts';
import { serveServer } from './serve.ts';
import type { ServerArgs } from './types.ts';

const args = childArgs<ServerArgs>();
if (args.storageDir) process.env.YPERSISTENCE = args.storageDir;
// Imported after YPERSISTENCE is set: the module reads it once, at load.
const utils = await import('@y/websocket-server/utils');

serveServer(async () => {
  const http = createServer((_req, res) => {
    res.writeHead(200, { 'content-type': 'text/plain' });
    res.end('okay');
  });
  const wss = new WebSocketServer({ noServer: true });
  wss.on('connection', (conn, req) => utils.setupWSConnection(conn, req));
  http.on('upgrade', (req, socket, head) => wss.handleUpgrade(req, socket, head, (ws) => wss.emit('connection', ws, req)));
  await new Promise<void>((resolve) => http.listen(args.port, '127.0.0.1', resolve));
  const port = (http.address() as AddressInfo).port;
  return {
    url: `ws://127.0.0.1:${port}`,
    port,
    setup: async ({ documents }) => Array.from({ length: documents }, (_, i) => ({ room: `doc-${i}`, token: '' })),
    docsLoaded: async () => utils.docs.size,
    async close() {
      for (const ws of wss.clients) ws.terminate();
      wss.close();
      http.close();
      // y-leveldb writes each update as it comes: wait for its queue before the process exits.
      const persistence = utils.getPersistence() as { provider?: { flushDocument?: unknown; destroy?: () => Promise<void> } } | null;
      await persistence?.provider?.destroy?.();
    },
  };
});
