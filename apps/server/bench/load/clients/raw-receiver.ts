// A cheap receiver for large fan-out: a bare `ws` socket that does the smallest sync handshake (sync step 1
// with an empty state vector) and hands every later binary frame to `onFrame`, without any Y.Doc.
import * as encoding from 'lib0/encoding';
import WebSocket from 'ws';
import type { DocTarget, Target } from '../servers/types.ts';

const emptyStateVector = Uint8Array.of(0);
const messageSync = 0;
const syncStep1 = 0;
const syncStep2 = 1;
const hocuspocusAuth = 2;
const hocuspocusAuthToken = 0;

export interface RawReceiver {
  /** Resolves when the server's sync step 2 (the document's state) has arrived. */
  synced: Promise<void>;
  /** Close codes of the socket closing before close() was called (it does not reconnect). */
  closes(): number[];
  close(): void;
}

/**
 * Opens a raw receiver. y-sync (Concord, @y/websocket-server): `${url}/${room}?token=`; hocuspocus: every
 * message carries the document name first and the first one must be an Auth token message.
 */
export function openRawReceiver(options: { protocol: Target['protocol']; url: string; doc: DocTarget; onFrame(frame: Buffer): void }): RawReceiver {
  const { protocol, doc } = options;
  const hocuspocus = protocol === 'hocuspocus';
  const query = !hocuspocus && doc.token ? `?token=${encodeURIComponent(doc.token)}` : '';
  const ws = new WebSocket(hocuspocus ? options.url : `${options.url}/${doc.room}${query}`, { perMessageDeflate: false });
  const closes: number[] = [];
  let closing = false;
  let isSynced = false;
  let resolveSynced!: () => void;
  let rejectSynced!: (error: Error) => void;
  const synced = new Promise<void>((resolve, reject) => {
    resolveSynced = resolve;
    rejectSynced = reject;
  });
  // Name prefix of hocuspocus frames, skipped when reading the message type.
  const prefix = hocuspocus ? encodeName(doc.room).length : 0;
  ws.on('open', () => {
    if (hocuspocus) {
      ws.send(frame(doc.room, (e) => {
        encoding.writeVarUint(e, hocuspocusAuth);
        encoding.writeVarUint(e, hocuspocusAuthToken);
        encoding.writeVarString(e, doc.token);
      }));
    }
    ws.send(frame(hocuspocus ? doc.room : null, (e) => {
      encoding.writeVarUint(e, messageSync);
      encoding.writeVarUint(e, syncStep1);
      encoding.writeVarUint8Array(e, emptyStateVector);
    }));
  });
  ws.on('message', (data: Buffer, isBinary: boolean) => {
    if (!isBinary) return;
    if (!isSynced && data[prefix] === messageSync && data[prefix + 1] === syncStep2) {
      isSynced = true;
      resolveSynced();
      return;
    }
    options.onFrame(data);
  });
  ws.on('error', (error) => {
    if (!isSynced) rejectSynced(error);
  });
  ws.on('close', (code) => {
    if (!closing) closes.push(code);
    if (!isSynced) rejectSynced(new Error(`closed with ${code} before sync`));
  });
  return {
    synced,
    closes: () => closes,
    close() {
      closing = true;
      ws.terminate();
    },
  };
}

function encodeName(name: string): Uint8Array {
  const e = encoding.createEncoder();
  encoding.writeVarString(e, name);
  return encoding.toUint8Array(e);
}

function frame(name: string | null, write: (e: encoding.Encoder) => void): Uint8Array {
  const e = encoding.createEncoder();
  if (name !== null) encoding.writeVarString(e, name);
  write(e);
  return encoding.toUint8Array(e);
}
