import type { Duplex } from 'node:stream';
import { socketSecurityHeaders } from './security-headers.ts';

const statusText: Record<number, string> = {
  400: 'Bad Request',
  401: 'Unauthorized',
  404: 'Not Found',
  503: 'Service Unavailable',
};

/**
 * Answers an HTTP upgrade request with a plain status and JSON error, then closes the socket. The answer
 * carries `hardening` (the app's security headers: it never passes through the HTTP app).
 */
export function rejectUpgrade(
  socket: Duplex,
  status: 400 | 401 | 404 | 503,
  message: string,
  hardening: ReadonlyArray<readonly [string, string]> = socketSecurityHeaders(),
): void {
  if (socket.destroyed) return;
  const body = JSON.stringify({ error: { code: statusText[status]?.toLowerCase().replaceAll(' ', '_'), message } });
  socket.end(
    `HTTP/1.1 ${status} ${statusText[status]}\r\n` +
      'Connection: close\r\n' +
      'Content-Type: application/json\r\n' +
      hardening.map(([name, value]) => `${name}: ${value}\r\n`).join('') +
      `Content-Length: ${Buffer.byteLength(body)}\r\n` +
      '\r\n' +
      body,
  );
}

/** The bearer token of a socket request: `?token=` (browsers cannot set headers) or `Authorization`. */
export function tokenOf(url: URL, authorization: string | undefined): string | null {
  const fromQuery = url.searchParams.get('token');
  if (fromQuery) return fromQuery;
  const match = /^Bearer\s+(\S+)$/i.exec(authorization ?? '');
  return match?.[1] ?? null;
}
