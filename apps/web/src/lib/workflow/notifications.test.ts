import type { ServerToClientEvents } from '@concord/protocol';
import { describe, expect, it, vi } from 'vitest';
import { cachedRoles, Notifications } from './notifications.svelte.ts';

/** A stand-in for Realtime.onWorkflow that lets the test fire events. */
function fakeRealtime() {
  const listeners = new Map<string, (payload: never) => void>();
  return {
    onWorkflow: ((event: string, listener: (payload: never) => void) => {
      listeners.set(event, listener);
      return () => listeners.delete(event);
    }) as never,
    fire<E extends keyof ServerToClientEvents>(event: E, payload: Parameters<ServerToClientEvents[E]>[0]) {
      listeners.get(event)?.(payload as never);
    },
  };
}

const flush = () => new Promise((resolve) => setTimeout(resolve, 0));

describe('Notifications', () => {
  it('tells the annotator their work came back, and keeps it until dismissed', () => {
    const realtime = fakeRealtime();
    const timers: (() => void)[] = [];
    const n = new Notifications({ roleOf: async () => 'annotator', canSeeDispute: async () => false, setTimer: (run) => timers.push(run) });
    n.follow(realtime);
    realtime.fire('work:returned', { projectId: 'prj_1', assignmentId: 'asg_1', itemId: 'itm_1', documentId: 'doc_1', reasonCode: 'incomplete', comment: 'Add <b>it</b>' });
    expect(n.toasts).toMatchObject([{ kind: 'returned', message: 'Your work was returned: Incomplete — Add <b>it</b>', href: '/documents/doc_1?task=asg_1', sticky: true }]);
    expect(timers).toHaveLength(0);
    n.dismiss(n.toasts[0]!.id);
    expect(n.toasts).toEqual([]);
  });

  it('tells reviewers about review requests, adding them up, and not annotators', async () => {
    const realtime = fakeRealtime();
    const roles: Record<string, 'reviewer' | 'annotator'> = { prj_r: 'reviewer', prj_a: 'annotator' };
    const n = new Notifications({ roleOf: async (p) => roles[p] ?? null, canSeeDispute: async () => false, setTimer: () => 0 });
    n.follow(realtime);
    realtime.fire('review:requested', { projectId: 'prj_a', itemId: 'i', assignmentId: 'a' });
    realtime.fire('review:requested', { projectId: 'prj_r', itemId: 'i', assignmentId: 'a' });
    realtime.fire('review:requested', { projectId: 'prj_r', itemId: 'j', assignmentId: 'b' });
    await flush();
    expect(n.toasts.map((t) => [t.projectId, t.message])).toEqual([['prj_r', '2 annotations wait for review.']]);
  });

  it('tells annotators about a dispute only when they may open it, and lets toasts time out', async () => {
    const realtime = fakeRealtime();
    const timers: (() => void)[] = [];
    const canSeeDispute = vi.fn(async (id: string) => id === 'dsp_mine');
    const n = new Notifications({ roleOf: async () => 'annotator', canSeeDispute, setTimer: (run) => timers.push(run) });
    n.follow(realtime);
    realtime.fire('dispute:opened', { projectId: 'prj_1', disputeId: 'dsp_other', itemId: 'i' });
    realtime.fire('dispute:opened', { projectId: 'prj_1', disputeId: 'dsp_mine', itemId: 'j' });
    await flush();
    expect(n.toasts.map((t) => t.href)).toEqual(['/disputes/dsp_mine']);
    timers.forEach((run) => run());
    expect(n.toasts).toEqual([]);
  });
});

describe('cachedRoles', () => {
  it('asks once per project until told to forget it', async () => {
    const getProject = vi.fn(async () => ({ role: 'reviewer' as const }));
    const roles = cachedRoles(getProject);
    expect(await roles.roleOf('prj_1')).toBe('reviewer');
    await roles.roleOf('prj_1');
    expect(getProject).toHaveBeenCalledTimes(1);
    roles.forget('prj_1');
    await roles.roleOf('prj_1');
    expect(getProject).toHaveBeenCalledTimes(2);
  });
});
