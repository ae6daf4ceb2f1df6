import * as decoding from 'lib0/decoding';
import * as encoding from 'lib0/encoding';
import * as syncProtocol from 'y-protocols/sync';
import type * as Y from 'yjs';

/** The part of a y-websocket provider a flush needs. */
export interface FlushableProvider {
  doc: Y.Doc;
  ws: Pick<WebSocket, 'readyState' | 'send' | 'addEventListener' | 'removeEventListener'> | null;
  wsconnected: boolean;
}

const messageSync = 0;
const open = 1;

/**
 * Resolves once the server has stored every update this client sent before the call. It sends a sync
 * step 1 on the open socket and waits for the server's step 2: the server answers a step 1 only when
 * nothing of the document is waiting to be stored (rooms/SPEC.md R2), and it handles one socket's frames
 * in order, so the answer comes after the earlier updates are durable. Rejects when the socket is not
 * connected or no answer comes within `timeoutMs`. Used before a submit, which the server validates on
 * the stored state (workflow/SPEC.md W17).
 * @example await flushToServer(session.provider); await api.submit(assignmentId, fence);
 */
export function flushToServer(provider: FlushableProvider, options: { timeoutMs?: number } = {}): Promise<void> {
  const ws = provider.ws;
  if (!ws || !provider.wsconnected || ws.readyState !== open) {
    return Promise.reject(new Error('Not connected to the server: your latest edits are not saved yet. Wait for the connection and try again.'));
  }
  return new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => {
      ws.removeEventListener('message', onMessage);
      reject(new Error('The server did not confirm your latest edits in time. Try again.'));
    }, options.timeoutMs ?? 10_000);
    function onMessage(event: MessageEvent) {
      if (!(event.data instanceof ArrayBuffer)) return;
      const decoder = decoding.createDecoder(new Uint8Array(event.data));
      if (decoding.readVarUint(decoder) !== messageSync || decoding.readVarUint(decoder) !== syncProtocol.messageYjsSyncStep2) return;
      clearTimeout(timer);
      ws!.removeEventListener('message', onMessage);
      resolve();
    }
    ws.addEventListener('message', onMessage);
    const encoder = encoding.createEncoder();
    encoding.writeVarUint(encoder, messageSync);
    syncProtocol.writeSyncStep1(encoder, provider.doc);
    ws.send(encoding.toUint8Array(encoder));
  });
}
