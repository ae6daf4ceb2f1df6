import { createServer, type Server } from 'node:http';
import { socketIoPath, yjsPathPrefix } from '@concord/protocol';
import { getRequestListener } from '@hono/node-server';
import type { Server as EngineServer } from 'engine.io';
import { rejectUpgrade } from './upgrade-reject.ts';
import type { YjsEndpoint } from './yjs-endpoint.ts';

/**
 * One HTTP server on one port for everything: REST (Hono), socket.io (engine.io) and the Yjs socket.
 * This is the only owner of the 'upgrade' event, so a refused upgrade gets a real status code.
 */
export function createHttpServer(options: { app: { fetch: (request: Request) => Response | Promise<Response> }; engine: EngineServer; yjs: YjsEndpoint }): Server {
  const { engine, yjs } = options;
  const hono = getRequestListener(options.app.fetch);
  const server = createServer((req, res) => {
    if (isUnder(req.url, socketIoPath)) engine.handleRequest(req, res);
    else void hono(req, res);
  });
  server.on('upgrade', (req, socket, head) => {
    if (isUnder(req.url, yjsPathPrefix)) yjs.handleUpgrade(req, socket, head);
    else if (isUnder(req.url, socketIoPath)) engine.handleUpgrade(req, socket, head);
    else rejectUpgrade(socket, 404, 'No WebSocket endpoint here.');
  });
  return server;
}

function isUnder(url: string | undefined, prefix: string): boolean {
  return !!url && (url === prefix || url.startsWith(`${prefix}/`) || url.startsWith(`${prefix}?`));
}
