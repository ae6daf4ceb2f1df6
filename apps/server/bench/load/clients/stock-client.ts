// Stock clients, unchanged, as a browser would use them: y-websocket's WebsocketProvider for the y-sync servers
// (Concord, @y/websocket-server) and @hocuspocus/provider for hocuspocus (which speaks its own framing).
import { HocuspocusProvider } from '@hocuspocus/provider';
import WebSocket from 'ws';
import { WebsocketProvider } from 'y-websocket';
import type { Awareness } from 'y-protocols/awareness';
import * as Y from 'yjs';
import type { DocTarget, Target } from '../servers/types.ts';

/** One stock client: its document, the shared types the benchmark edits, and connection events. */
export interface StockClient {
  doc: Y.Doc;
  text: Y.Text;
  map: Y.Map<unknown>;
  awareness: Awareness;
  /** Resolves at the first sync with the server. */
  synced: Promise<void>;
  /** Close codes of the connection closing before destroy() (the provider then reconnects). */
  closes(): number[];
  /** Bytes the socket has not yet handed to the kernel. */
  bufferedAmount(): number;
  destroy(): void;
}

/** Connects a stock client of the target's protocol to `doc` through `url`. */
export function connectStockClient(options: { protocol: Target['protocol']; url: string; doc: DocTarget }): StockClient {
  const ydoc = new Y.Doc();
  const closes: number[] = [];
  let destroyed = false;
  let resolveSynced!: () => void;
  const synced = new Promise<void>((resolve) => (resolveSynced = resolve));
  const base = { doc: ydoc, text: ydoc.getText('text'), map: ydoc.getMap('meta'), synced, closes: () => closes };
  if (options.protocol === 'y-sync') {
    const provider = new WebsocketProvider(options.url, options.doc.room, ydoc, {
      params: options.doc.token ? { token: options.doc.token } : {},
      WebSocketPolyfill: WebSocket as unknown as typeof globalThis.WebSocket,
      disableBc: true,
      resyncInterval: -1,
    });
    provider.on('sync', (isSynced: boolean) => isSynced && resolveSynced());
    provider.on('connection-close', (event: { code: number } | null) => {
      if (!destroyed) closes.push(event?.code ?? 0);
    });
    return {
      ...base,
      awareness: provider.awareness,
      bufferedAmount: () => (provider.ws as unknown as WebSocket | null)?.bufferedAmount ?? 0,
      destroy() {
        destroyed = true;
        provider.destroy();
        ydoc.destroy();
      },
    };
  }
  const provider = new HocuspocusProvider({
    url: options.url,
    name: options.doc.room,
    document: ydoc,
    token: options.doc.token,
    // Passed through to its HocuspocusProviderWebsocket (Node 20 has no global WebSocket).
    ...({ WebSocketPolyfill: WebSocket } as object),
    onSynced: ({ state }) => state && resolveSynced(),
    onClose: ({ event }) => {
      if (!destroyed) closes.push(event.code);
    },
  });
  return {
    ...base,
    awareness: provider.awareness!,
    bufferedAmount: () => (provider.configuration.websocketProvider.webSocket as unknown as WebSocket | null)?.bufferedAmount ?? 0,
    destroy() {
      destroyed = true;
      provider.destroy();
      ydoc.destroy();
    },
  };
}
