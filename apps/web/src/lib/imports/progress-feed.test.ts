import type { ImportProgress } from '@concord/protocol';
import { describe, expect, it, vi } from 'vitest';
import { Realtime, type ConcordSocket } from '../socket.svelte.ts';
import { progressFeed } from './progress-feed.ts';

function realtimeWithFakeSocket() {
  const handlers = new Map<string, ((...args: unknown[]) => void)[]>();
  const socket = {
    connected: true,
    on(event: string, handler: (...args: unknown[]) => void) {
      handlers.set(event, [...(handlers.get(event) ?? []), handler]);
      return socket;
    },
    emit: vi.fn(),
    connect: vi.fn(),
    disconnect: vi.fn(),
    removeAllListeners: vi.fn(),
  };
  const realtime = new Realtime({ connect: () => socket as unknown as ConcordSocket });
  realtime.connect('cs_t');
  const fire = (progress: ImportProgress) => {
    for (const handler of handlers.get('import:progress') ?? []) handler(progress);
  };
  return { realtime, fire };
}

const progress = (projectId: string): ImportProgress => ({ importId: 'imp_1', projectId, status: 'running', linesDone: 1, created: 1, skipped: 0, failed: 0 });

describe('progressFeed', () => {
  it("delivers the project's import:progress pushes until unsubscribed", () => {
    const { realtime, fire } = realtimeWithFakeSocket();
    const listener = vi.fn();
    const unsubscribe = progressFeed(realtime, 'prj_a')(listener);
    fire(progress('prj_a'));
    fire(progress('prj_b'));
    expect(listener).toHaveBeenCalledTimes(1);
    unsubscribe();
    fire(progress('prj_a'));
    expect(listener).toHaveBeenCalledTimes(1);
  });
});
