import type { Duplex } from 'node:stream';

const statusText: Record<number, string> = {
  400: 'Bad Request',
  401: 'Unauthorized',
  404: 'Not Found',
  503: 'Service Unavailable',
};

/** Answers an HTTP upgrade request with a plain status and JSON error, then closes the socket. */
export function rejectUpgrade(socket: Duplex, status: 400 | 401 | 404 | 503, message: string): void {
  if (socket.destroyed) return;
  const body = JSON.stringify({ error: { code: statusText[status]?.toLowerCase().replaceAll(' ', '_'), message } });
  socket.end(
    `HTTP/1.1 ${status} ${statusText[status]}\r\n` +
      'Connection: close\r\n' +
      'Content-Type: application/json\r\n' +
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
