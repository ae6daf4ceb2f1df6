import * as encoding from 'lib0/encoding';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import * as awarenessProtocol from 'y-protocols/awareness';
import * as syncProtocol from 'y-protocols/sync';
import * as Y from 'yjs';
import { DocumentSession, type DocumentSessionOptions } from './document-session.svelte.ts';
import { colorFor } from './presence.ts';

/** Stands in for the browser's WebSocket; the test plays the server. */
class FakeSocket {
  static readonly CONNECTING = 0;
  static readonly OPEN = 1;
  static readonly CLOSING = 2;
  static readonly CLOSED = 3;
  static all: FakeSocket[] = [];
  readonly OPEN = 1;
  readyState = 0;
  binaryType = 'blob';
  sent: Uint8Array[] = [];
  onopen: (() => void) | null = null;
  onmessage: ((event: { data: ArrayBuffer }) => void) | null = null;
  onclose: ((event: { code: number; reason: string }) => void) | null = null;
  onerror: ((event: unknown) => void) | null = null;
  constructor(readonly url: string) {
    FakeSocket.all.push(this);
  }
  send(data: Uint8Array) {
    this.sent.push(data);
  }
  close() {
    this.readyState = 3;
  }
  serverOpens() {
    this.readyState = 1;
    this.onopen?.();
  }
  serverSends(message: Uint8Array) {
    this.onmessage?.({ data: message.slice().buffer });
  }
  serverCloses(code: number) {
    this.readyState = 3;
    this.onclose?.({ code, reason: '' });
  }
  refused() {
    this.onerror?.({ type: 'error' });
    this.serverCloses(1006);
  }
}

function syncStep2(doc: Y.Doc): Uint8Array {
  const encoder = encoding.createEncoder();
  encoding.writeVarUint(encoder, 0);
  syncProtocol.writeSyncStep2(encoder, doc);
  return encoding.toUint8Array(encoder);
}

function awarenessMessage(clientId: number, state: unknown): Uint8Array {
  const doc = new Y.Doc();
  doc.clientID = clientId;
  const remote = new awarenessProtocol.Awareness(doc);
  remote.setLocalState(state as Record<string, unknown>);
  const encoder = encoding.createEncoder();
  encoding.writeVarUint(encoder, 1);
  encoding.writeVarUint8Array(encoder, awarenessProtocol.encodeAwarenessUpdate(remote, [clientId]));
  remote.destroy();
  return encoding.toUint8Array(encoder);
}

const fetchMock = vi.fn<typeof fetch>();
let sessions: DocumentSession[] = [];

function open(options: Partial<DocumentSessionOptions> = {}): { session: DocumentSession; socket: () => FakeSocket } {
  const session = new DocumentSession({
    documentId: 'doc_abc',
    token: 'cs_secret',
    user: { id: 'usr_me', name: 'Me' },
    baseUrl: 'https://concord.example/',
    ...options,
  });
  sessions.push(session);
  return { session, socket: () => FakeSocket.all.at(-1)! };
}

function connectAndSync(socket: FakeSocket, server = new Y.Doc()) {
  socket.serverOpens();
  socket.serverSends(syncStep2(server));
}

beforeEach(() => {
  FakeSocket.all = [];
  vi.useFakeTimers();
  vi.stubGlobal('WebSocket', FakeSocket);
  vi.stubGlobal('fetch', fetchMock);
  fetchMock.mockReset();
});

afterEach(() => {
  for (const session of sessions) session.destroy();
  sessions = [];
  vi.useRealTimers();
  vi.unstubAllGlobals();
});

describe('DocumentSession', () => {
  it('connects to /yjs/<id> on the same origin over ws(s) with the token', () => {
    const { session, socket } = open();
    expect(socket().url).toBe('wss://concord.example/yjs/doc_abc?token=cs_secret');
    expect(session.status).toBe('connecting');
    expect(session.text).toBe(session.doc.getText('caption'));
    expect(session.awareness.getLocalState()?.user).toEqual({ id: 'usr_me', name: 'Me', color: colorFor('usr_me') });
  });

  it('is connected once open, and synced after the server state arrives', () => {
    const { session, socket } = open();
    socket().serverOpens();
    expect([session.status, session.synced]).toEqual(['connected', false]);
    const server = new Y.Doc();
    server.getText('caption').insert(0, 'from the server');
    socket().serverSends(syncStep2(server));
    expect([session.status, session.synced]).toEqual(['connected', true]);
    expect(session.text.toString()).toBe('from the server');
    expect(session.pendingLocalEdits).toBe(false);
  });

  it('keeps edits made while disconnected pending until the next sync', () => {
    const { session, socket } = open();
    connectAndSync(socket());
    session.text.insert(0, 'online');
    expect(session.pendingLocalEdits).toBe(false);
    socket().serverCloses(1012);
    expect(session.status).toBe('reconnecting');
    session.text.insert(0, 'offline ');
    expect(session.pendingLocalEdits).toBe(true);
    vi.advanceTimersByTime(3_000);
    const retry = socket();
    expect(FakeSocket.all).toHaveLength(2);
    retry.serverOpens();
    expect(session.pendingLocalEdits).toBe(true);
    retry.serverSends(syncStep2(new Y.Doc()));
    expect([session.status, session.pendingLocalEdits]).toEqual(['connected', false]);
  });

  it('4401 signs out once and stops retrying', async () => {
    const onSignedOut = vi.fn();
    const { session, socket } = open({ onSignedOut });
    connectAndSync(socket());
    socket().serverCloses(4401);
    await Promise.resolve();
    expect(session.status).toBe('signed-out');
    expect(onSignedOut).toHaveBeenCalledTimes(1);
    vi.advanceTimersByTime(60_000);
    expect(FakeSocket.all).toHaveLength(1);
    expect(session.provider.shouldConnect).toBe(false);
  });

  it('4403 means no access, terminally', async () => {
    const { session, socket } = open();
    socket().serverOpens();
    socket().serverCloses(4403);
    await Promise.resolve();
    vi.advanceTimersByTime(60_000);
    expect(session.status).toBe('no-access');
    expect(FakeSocket.all).toHaveLength(1);
  });

  it('a rate-limit close (4429) is retried after a pause', () => {
    const { session, socket } = open();
    connectAndSync(socket());
    socket().serverCloses(4429);
    expect(session.status).toBe('reconnecting');
    vi.advanceTimersByTime(1_000);
    expect(FakeSocket.all).toHaveLength(1);
    vi.advanceTimersByTime(2_000);
    expect(FakeSocket.all).toHaveLength(2);
  });

  it('a refused upgrade checks the token and signs out on 401', async () => {
    fetchMock.mockResolvedValue(new Response(null, { status: 401 }));
    const onSignedOut = vi.fn();
    const { session, socket } = open({ onSignedOut });
    socket().refused();
    expect(fetchMock).not.toHaveBeenCalled();
    vi.advanceTimersByTime(3_000);
    socket().refused();
    expect(fetchMock).toHaveBeenCalledTimes(1);
    const [url, init] = fetchMock.mock.calls[0]!;
    expect(url).toBe('https://concord.example/api/v1/me');
    expect(new Headers(init?.headers).get('authorization')).toBe('Bearer cs_secret');
    await vi.waitFor(() => expect(session.status).toBe('signed-out'));
    expect(onSignedOut).toHaveBeenCalledTimes(1);
  });

  it('refused upgrades with a valid token keep reconnecting', async () => {
    fetchMock.mockResolvedValue(new Response('{}', { status: 200 }));
    const { session, socket } = open();
    for (let i = 0; i < 3; i++) {
      socket().refused();
      vi.advanceTimersByTime(3_000);
    }
    await Promise.resolve();
    expect(session.status).toBe('reconnecting');
    expect(FakeSocket.all.length).toBeGreaterThan(3);
  });

  it('shares the selection as relative positions and lists peers with resolved cursors', () => {
    const { session, socket } = open();
    const server = new Y.Doc();
    server.getText('caption').insert(0, 'hello world');
    connectAndSync(socket(), server);

    session.setSelection(6, 11);
    const cursor = session.awareness.getLocalState()?.cursor as { anchor: unknown; head: unknown };
    expect(cursor.anchor).toMatchObject({ tname: 'caption', item: expect.any(Object) });

    // A peer selects "hello" (positions made on the server's replica).
    const peerCursor = {
      anchor: Y.relativePositionToJSON(Y.createRelativePositionFromTypeIndex(server.getText('caption'), 0, 0)),
      head: Y.relativePositionToJSON(Y.createRelativePositionFromTypeIndex(server.getText('caption'), 5, -1)),
    };
    socket().serverSends(awarenessMessage(777, { user: { id: 'usr_ann', name: 'Ann', color: '#aa0000' }, cursor: peerCursor }));
    expect(session.peers).toEqual([{ clientId: 777, userId: 'usr_ann', name: 'Ann', color: '#aa0000', cursor: { anchor: 0, head: 5 } }]);

    // Text typed before the peer's selection moves it.
    session.text.insert(0, '>> ');
    expect(session.peers[0]?.cursor).toEqual({ anchor: 3, head: 8 });
  });

  it('follows the browser going offline and online', () => {
    const browser = new EventTarget();
    vi.stubGlobal('window', browser);
    vi.stubGlobal('navigator', { onLine: false });
    const { session, socket } = open();
    expect(session.status).toBe('offline');
    connectAndSync(socket());
    expect(session.status).toBe('connected');
    browser.dispatchEvent(new Event('offline'));
    expect(session.status).toBe('offline');
    session.text.insert(0, 'typed offline');
    socket().serverCloses(1006);
    expect([session.status, session.pendingLocalEdits]).toEqual(['offline', true]);
    browser.dispatchEvent(new Event('online'));
    expect(session.status).toBe('reconnecting');
    session.destroy();
    browser.dispatchEvent(new Event('offline'));
    expect(session.status).toBe('reconnecting');
  });

  it('after an outage the socket survived, reconnects so that a sync confirms the edits', () => {
    const browser = new EventTarget();
    vi.stubGlobal('window', browser);
    vi.stubGlobal('navigator', { onLine: true });
    const { session, socket } = open();
    connectAndSync(socket());
    browser.dispatchEvent(new Event('offline'));
    session.text.insert(0, 'typed offline');
    browser.dispatchEvent(new Event('online'));
    expect(FakeSocket.all).toHaveLength(2);
    expect([session.status, session.pendingLocalEdits]).toEqual(['reconnecting', true]);
    connectAndSync(socket());
    expect([session.status, session.synced, session.pendingLocalEdits]).toEqual(['connected', true, false]);
  });

  it('an outage without edits keeps the socket', () => {
    const browser = new EventTarget();
    vi.stubGlobal('window', browser);
    vi.stubGlobal('navigator', { onLine: true });
    const { session, socket } = open();
    connectAndSync(socket());
    browser.dispatchEvent(new Event('offline'));
    browser.dispatchEvent(new Event('online'));
    expect(FakeSocket.all).toHaveLength(1);
    expect([session.status, session.synced]).toEqual(['connected', true]);
  });

  it('destroy closes the socket, stops timers and ignores late events', () => {
    const { session, socket } = open();
    connectAndSync(socket());
    session.destroy();
    expect(session.provider.shouldConnect).toBe(false);
    vi.advanceTimersByTime(60_000);
    expect(FakeSocket.all).toHaveLength(1);
    expect(() => session.setSelection(0, 0)).not.toThrow();
  });
});
