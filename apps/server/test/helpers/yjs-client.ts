import WebSocket from 'ws';
import { WebsocketProvider } from 'y-websocket';
import * as Y from 'yjs';

export interface YjsClient {
  doc: Y.Doc;
  provider: WebsocketProvider;
  text: Y.Text;
  destroy(): void;
}

/** The stock y-websocket provider, unchanged, as a browser would use it. */
export function connectYjs(wsUrl: string, documentId: string, token: string, options: { connect?: boolean; doc?: Y.Doc } = {}): YjsClient {
  const doc = options.doc ?? new Y.Doc();
  const provider = new WebsocketProvider(`${wsUrl}/yjs`, documentId, doc, {
    params: { token },
    WebSocketPolyfill: WebSocket as unknown as typeof globalThis.WebSocket,
    connect: options.connect ?? true,
    disableBc: true,
    maxBackoffTime: 300,
  });
  return {
    doc,
    provider,
    text: doc.getText('caption'),
    destroy() {
      provider.destroy();
      doc.destroy();
    },
  };
}

/** Resolves when the provider has synced with the server. */
export function synced(client: YjsClient, timeoutMs = 10_000): Promise<void> {
  if (client.provider.synced) return Promise.resolve();
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error('not synced in time')), timeoutMs);
    client.provider.once('sync', (isSynced: boolean) => {
      if (isSynced) {
        clearTimeout(timer);
        resolve();
      }
    });
  });
}

/** Polls until `check` returns true. */
export async function eventually(check: () => boolean | Promise<boolean>, timeoutMs = 5_000, what = 'condition'): Promise<void> {
  const start = Date.now();
  while (!(await check())) {
    if (Date.now() - start > timeoutMs) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

/** A raw WebSocket to the Yjs endpoint, for frames the stock client would never send. */
export function rawSocket(wsUrl: string, documentId: string, token: string | null): WebSocket {
  const query = token === null ? '' : `?token=${encodeURIComponent(token)}`;
  return new WebSocket(`${wsUrl}/yjs/${documentId}${query}`);
}

/** Resolves with the close code and reason of a socket (or the HTTP status if the upgrade was refused). */
export function closeOf(ws: WebSocket): Promise<{ code: number; reason: string; status?: number }> {
  return new Promise((resolve) => {
    ws.on('unexpected-response', (_req, res) => resolve({ code: 1006, reason: '', status: res.statusCode }));
    ws.on('close', (code, reason) => resolve({ code, reason: reason.toString() }));
    ws.on('error', () => {});
  });
}

export function opened(ws: WebSocket): Promise<void> {
  return new Promise((resolve, reject) => {
    ws.once('open', () => resolve());
    ws.once('error', reject);
  });
}
