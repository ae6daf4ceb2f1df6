import type { Task } from '@concord/protocol';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApi, type Api } from '../helpers/api.ts';
import { type Backend, backendName, createBackend } from '../helpers/backends.ts';
import { startTestServer, type TestServer } from '../helpers/test-server.ts';

const shared = Boolean(process.env.REDIS_URL && process.env.DATABASE_URL);
if (!shared) console.log('workflow-leases: skipped, it needs REDIS_URL and DATABASE_URL (two instances on one Postgres and Redis)');

/** An instruction item that passes validation as created, so it can be submitted without edits. */
const validItem = (n: number) => ({
  externalId: `lease-${n}`,
  seed: { media: [], turns: [{ role: 'user', text: `Question ${n}?` }] },
  prelabel: { modelId: 'model-x', style: 'question', turns: [{ role: 'assistant', text: `Answer ${n}.` }] },
});

/** The status and error code of a call that may be refused. */
async function attempt(api: Api, method: string, path: string, body?: unknown): Promise<string> {
  try {
    await api.call(method, path, body, 200);
    return '200';
  } catch (error) {
    const match = /→ (\d+): (.*)$/s.exec((error as Error).message);
    const parsed = match ? (JSON.parse(match[2]!) as { error: { code: string; details?: { state?: string } } }) : null;
    return `${match?.[1]} ${parsed?.error.code} ${parsed?.error.details?.state}`;
  }
}

describe.skipIf(!shared)(`workflow leases on Redis coordination, two instances (${backendName})`, () => {
  let backend: Backend;
  let first: TestServer;
  let second: TestServer;
  /** Twenty annotators, each signed in on both instances. */
  const people: Array<{ one: Api; two: Api }> = [];

  beforeAll(async () => {
    backend = await createBackend();
    first = await startTestServer({ backend });
    second = await startTestServer({ backend });
    for (let i = 0; i < 20; i++) {
      const one = await first.api.createUser(`Person ${i}`);
      people.push({ one, two: await createApi(second.url, one.email, `password-of-Person ${i}-123`) });
    }
  });
  afterAll(async () => {
    await first?.dispose();
    await second?.dispose();
    await backend?.dispose();
  });

  async function project(name: string, workflow: Record<string, unknown>, items: number): Promise<string> {
    const { id } = await first.api.createProject(name, 'instruction');
    await first.api.call('PUT', `/projects/${id}/workflow`, workflow);
    for (const p of people) await first.api.addMember(id, p.one.userId, 'annotator');
    for (let i = 0; i < items; i++) await first.api.createItem(id, validItem(i));
    return id;
  }

  it('[Q2] 20 people on two instances asking at once for 5 items with overlap 2 get exactly 10 slots', async () => {
    const projectId = await project('Overlap', { labeling: 'blind', overlap: 2 }, 5);
    const answers = await Promise.all(
      people.map(async (p, i) => {
        const res = await fetch(`${(i % 2 ? second : first).url}/api/v1/projects/${projectId}/queue/next`, {
          method: 'POST',
          headers: { authorization: `Bearer ${p.one.token}` },
        });
        return { status: res.status, task: res.status === 200 ? ((await res.json()) as Task) : null };
      }),
    );
    expect(answers.filter((a) => a.status === 200)).toHaveLength(10);
    const perItem = new Map<string, Set<string>>();
    for (const [i, a] of answers.entries()) if (a.task) perItem.set(a.task.itemId, (perItem.get(a.task.itemId) ?? new Set()).add(people[i]!.one.userId));
    expect([...perItem.values()].map((users) => users.size)).toEqual([2, 2, 2, 2, 2]);
  });

  it('[Q3] [Q6] a lease taken on one instance is renewed on the other with the same fence; a wrong fence is refused on both', async () => {
    const projectId = await project('Renewal', {}, 1);
    const task = await people[0]!.one.call<Task>('POST', `/projects/${projectId}/queue/next`);
    const renewed = await people[0]!.two.call<{ fence: number }>('POST', `/assignments/${task.assignmentId}/heartbeat`, { fence: task.fence });
    expect(renewed.fence).toBe(task.fence);
    expect((await people[0]!.two.call<Task>('POST', `/assignments/${task.assignmentId}/resume`)).fence).toBe(task.fence);
    for (const api of [people[0]!.one, people[0]!.two]) {
      expect(await attempt(api, 'POST', `/assignments/${task.assignmentId}/heartbeat`, { fence: task.fence! + 1 })).toBe('409 stale_lease in_progress');
    }
  });

  it('[Q4] [Q5] twice, 10 holders stall past their lease and 10 people on the other instance take the slots: all 60 stale writes are refused', async () => {
    const outcomes: string[] = [];
    for (const round of [0, 1]) {
      const holders = round === 0 ? people.slice(0, 10) : people.slice(10);
      const takers = round === 0 ? people.slice(10) : people.slice(0, 10);
      // Five seconds, not two: twenty transactions on two instances queue behind one project's audit chain.
      const projectId = await project(`Leases ${round}`, { leaseSeconds: 5, review: false }, 10);
      const stalled = await Promise.all(holders.map((h) => h.one.call<Task>('POST', `/projects/${projectId}/queue/next`)));
      expect(new Set(stalled.map((t) => t.itemId)).size).toBe(10);
      await new Promise((resolve) => setTimeout(resolve, 5_300));
      await first.api.call('PUT', `/projects/${projectId}/workflow`, { leaseSeconds: 600 });
      const taken = await Promise.all(takers.map((t) => t.two.call<Task>('POST', `/projects/${projectId}/queue/next`)));
      expect(new Set(taken.map((t) => t.itemId))).toEqual(new Set(stalled.map((t) => t.itemId)));
      for (const [i, task] of stalled.entries()) {
        const via = i % 2 ? holders[i]!.two : holders[i]!.one;
        outcomes.push(await attempt(via, 'POST', `/assignments/${task.assignmentId}/heartbeat`, { fence: task.fence }));
        outcomes.push(await attempt(via, 'POST', `/assignments/${task.assignmentId}/submit`, { fence: task.fence }));
        outcomes.push(await attempt(via, 'POST', `/assignments/${task.assignmentId}/release`, { fence: task.fence }));
      }
      const submitted = await Promise.all(taken.map((task, i) => attempt(takers[i]!.one, 'POST', `/assignments/${task.assignmentId}/submit`, { fence: task.fence })));
      expect(submitted).toEqual(taken.map(() => '200'));
    }
    expect(outcomes).toEqual(Array(60).fill('409 stale_lease expired'));
  });
});
