import type { ProjectPresence } from '@concord/protocol';
import { describe, expect, it, vi } from 'vitest';
import { Realtime, type ConcordSocket } from './socket.svelte.ts';
import { groupOnline } from './presence/online-users.svelte.ts';

/** A stand-in for a socket.io client socket: records emits, lets the test fire server events. */
function fakeSocket() {
  const handlers = new Map<string, ((...args: unknown[]) => void)[]>();
  const emitted: { event: string; payload: unknown }[] = [];
  const socket = {
    connected: false,
    on(event: string, handler: (...args: unknown[]) => void) {
      handlers.set(event, [...(handlers.get(event) ?? []), handler]);
      return socket;
    },
    emit(event: string, payload: unknown, ack?: (result: unknown) => void) {
      emitted.push({ event, payload });
      if (event === 'presence:join' && ack) {
        const { projectId } = payload as { projectId: string };
        ack({ ok: true, data: { projectId, online: [] } satisfies ProjectPresence });
      }
      return socket;
    },
    connect: vi.fn(),
    disconnect: vi.fn(),
    removeAllListeners: vi.fn(),
    fire(event: string, ...args: unknown[]) {
      if (event === 'connect') socket.connected = true;
      if (event === 'disconnect') socket.connected = false;
      for (const handler of handlers.get(event) ?? []) handler(...args);
    },
  };
  return { socket, emitted };
}

function setup() {
  const fake = fakeSocket();
  const onUnauthenticated = vi.fn();
  const realtime = new Realtime({ onUnauthenticated, connect: () => fake.socket as unknown as ConcordSocket });
  realtime.connect('cs_t');
  return { ...fake, realtime, onUnauthenticated };
}

describe('Realtime presence claims', () => {
  it('joins once connected and again after a reconnect', () => {
    const { socket, emitted, realtime } = setup();
    const onPresence = vi.fn();
    realtime.joinPresence({ projectId: 'prj_a', onPresence });
    expect(emitted).toEqual([]);
    socket.fire('connect');
    expect(emitted).toEqual([{ event: 'presence:join', payload: { projectId: 'prj_a', documentId: null } }]);
    expect(onPresence).toHaveBeenCalledWith({ projectId: 'prj_a', online: [] });
    socket.fire('disconnect', 'transport close');
    socket.fire('connect');
    expect(emitted.filter((e) => e.event === 'presence:join')).toHaveLength(2);
  });

  it('keeps the user present while another page of the same project holds a claim', () => {
    const { socket, emitted, realtime } = setup();
    socket.fire('connect');
    const leaveProject = realtime.joinPresence({ projectId: 'prj_a', onPresence: () => {} });
    const leaveDocument = realtime.joinPresence({ projectId: 'prj_a', documentId: 'doc_b', onPresence: () => {} });
    leaveProject();
    expect(emitted.at(-1)).toEqual({ event: 'presence:join', payload: { projectId: 'prj_a', documentId: 'doc_b' } });
    leaveDocument();
    expect(emitted.at(-1)).toEqual({ event: 'presence:leave', payload: { projectId: 'prj_a' } });
  });

  it('passes presence updates only to claims of that project', () => {
    const { socket, realtime } = setup();
    socket.fire('connect');
    const a = vi.fn();
    const b = vi.fn();
    realtime.joinPresence({ projectId: 'prj_a', onPresence: a });
    realtime.joinPresence({ projectId: 'prj_b', onPresence: b });
    a.mockClear();
    b.mockClear();
    socket.fire('presence:update', { projectId: 'prj_b', online: [] });
    expect(a).not.toHaveBeenCalled();
    expect(b).toHaveBeenCalledTimes(1);
  });

  it('reports a refused token and forwards membership pushes', () => {
    const { socket, realtime, onUnauthenticated } = setup();
    const events = vi.fn();
    realtime.onMembership(events);
    socket.fire('membership:added', { projectId: 'prj_a', role: 'viewer' });
    socket.fire('membership:removed', { projectId: 'prj_a' });
    expect(events.mock.calls).toEqual([[{ projectId: 'prj_a', role: 'viewer' }], [{ projectId: 'prj_a', role: null }]]);
    socket.fire('connect_error', new Error('unauthenticated'));
    expect(onUnauthenticated).toHaveBeenCalledTimes(1);
    expect(socket.disconnect).toHaveBeenCalled();
  });

  it('forwards workflow events to their listeners until they unsubscribe', () => {
    const { socket, realtime } = setup();
    const counts = vi.fn();
    const returned = vi.fn();
    const stop = realtime.onWorkflow('work:counts', counts);
    realtime.onWorkflow('work:returned', returned);
    socket.fire('work:counts', { projectId: 'prj_a', awaitingReview: 1 });
    socket.fire('work:returned', { projectId: 'prj_a', assignmentId: 'asg_1' });
    stop();
    socket.fire('work:counts', { projectId: 'prj_a', awaitingReview: 2 });
    expect(counts.mock.calls).toEqual([[{ projectId: 'prj_a', awaitingReview: 1 }]]);
    expect(returned).toHaveBeenCalledTimes(1);
  });

  it('forwards export:progress pushes until the page unsubscribes', () => {
    const { socket, realtime } = setup();
    const progress = vi.fn();
    const stop = realtime.onExportProgress(progress);
    const push = { exportId: 'exp_1', projectId: 'prj_a', status: 'running', itemsTotal: 10, itemsDone: 5 };
    socket.fire('export:progress', push);
    stop();
    socket.fire('export:progress', { ...push, itemsDone: 10, status: 'done' });
    expect(progress.mock.calls).toEqual([[push]]);
  });
});

describe('groupOnline', () => {
  it('folds several tabs of one user into one row with their documents', () => {
    const entry = { userId: 'usr_a', name: 'Ada', seenAt: 0 };
    const users = groupOnline([
      { ...entry, connectionId: '1', documentId: null },
      { ...entry, connectionId: '2', documentId: 'doc_x' },
      { userId: 'usr_b', name: 'Bo', seenAt: 0, connectionId: '3', documentId: null },
    ]);
    expect(users).toEqual([
      { userId: 'usr_a', name: 'Ada', documentIds: ['doc_x'] },
      { userId: 'usr_b', name: 'Bo', documentIds: [] },
    ]);
  });
});
