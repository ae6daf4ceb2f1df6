import { createServer, type Server } from 'node:http';
import { socketIoPath, yjsPathPrefix } from '@concord/protocol';
import { getRequestListener } from '@hono/node-server';
import type { Server as EngineServer } from 'engine.io';
import { socketSecurityHeaders } from './security-headers.ts';
import { rejectUpgrade } from './upgrade-reject.ts';
import type { YjsEndpoint } from './yjs-endpoint.ts';

/**
 * One HTTP server on one port for everything: REST (Hono), socket.io (engine.io) and the Yjs socket.
 * This is the only owner of the 'upgrade' event, so a refused upgrade gets a real status code.
 * engine.io's answers (polling, handshake, its errors) and refused upgrades do not pass through the
 * HTTP app, so they get its security headers here.
 */
export function createHttpServer(options: {
  app: { fetch: (request: Request) => Response | Promise<Response> };
  engine: EngineServer;
  yjs: YjsEndpoint;
  hstsMaxAgeSeconds?: number;
}): Server {
  const { engine, yjs } = options;
  const hono = getRequestListener(options.app.fetch);
  const hardening = socketSecurityHeaders({ hstsMaxAgeSeconds: options.hstsMaxAgeSeconds });
  const server = createServer((req, res) => {
    if (isUnder(req.url, socketIoPath)) {
      // engine.io answers with writeHead(status, its own headers), which keeps the ones set before.
      for (const [name, value] of hardening) res.setHeader(name, value);
      engine.handleRequest(req, res);
    } else void hono(req, res);
  });
  server.on('upgrade', (req, socket, head) => {
    if (isUnder(req.url, yjsPathPrefix)) yjs.handleUpgrade(req, socket, head);
    else if (isUnder(req.url, socketIoPath)) engine.handleUpgrade(req, socket, head);
    else rejectUpgrade(socket, 404, 'No WebSocket endpoint here.', hardening);
  });
  return server;
}

function isUnder(url: string | undefined, prefix: string): boolean {
  return !!url && (url === prefix || url.startsWith(`${prefix}/`) || url.startsWith(`${prefix}?`));
}
