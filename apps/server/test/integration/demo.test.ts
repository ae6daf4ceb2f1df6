import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { backendName } from '../helpers/backends.ts';
import { login } from '../helpers/api.ts';
import { startTestServer, type TestServer } from '../helpers/test-server.ts';

interface Demo {
  projects: { id: string; name: string; taskType: string; created: boolean; imports: { fileName: string; status: string; created: number; failed: number }[] }[];
  users: { email: string; role: string; password: string }[];
}

describe(`the demo (${backendName})`, () => {
  let t: TestServer;
  /** What the first run answered (later runs answer with the existing projects and no imports). */
  let first: Demo;

  beforeAll(async () => {
    t = await startTestServer();
  });

  afterAll(async () => {
    await t?.dispose();
  });

  it('creates one project per task type from examples/, with items, pre-labels, gold and a user per role', async () => {
    const demo = await t.api.call<Demo>('POST', '/demo');
    first = demo;
    expect(demo.projects.map((p) => p.taskType)).toEqual(['instruction', 'preference', 'alignment', 'preference', 'preference']);
    // The quality demo (seeded through the queue, no imports) has its own test: quality-demo.test.ts.
    for (const project of demo.projects.filter((p) => p.imports.length > 0)) {
      expect(project.created).toBe(true);
      for (const run of project.imports) expect(run, `${project.name} ${run.fileName}`).toMatchObject({ status: 'done', failed: 0 });
      const items = await t.api.call<{ items: { hasPrelabel: boolean; hasGold: boolean }[] }>('GET', `/projects/${project.id}/items`);
      expect(items.items.length).toBeGreaterThanOrEqual(2);
      expect(items.items.some((i) => i.hasPrelabel)).toBe(true);
      expect(items.items.some((i) => i.hasGold)).toBe(true);
    }
    expect(new Set(demo.users.map((u) => u.role))).toEqual(new Set(['annotator', 'reviewer', 'qa_lead', 'trainer', 'manager', 'viewer']));
    // The demo accounts work, and an annotator sees the demo projects but not the gold markers.
    const ada = demo.users.find((u) => u.email.startsWith('ada'))!;
    const session = await login(t.url, ada.email, ada.password);
    const res = await fetch(`${t.url}/api/v1/projects/${demo.projects[0]!.id}/items`, { headers: { authorization: `Bearer ${session.token}` } });
    const page = (await res.json()) as { items: { hasGold: boolean }[] };
    expect(page.items.every((i) => !i.hasGold)).toBe(true);
  });

  /** Items per state of each task-type demo project. */
  async function statesOf(demo: Demo): Promise<Record<string, Record<string, number>>> {
    const out: Record<string, Record<string, number>> = {};
    for (const project of demo.projects.slice(0, 3)) {
      const { items } = await t.api.call<{ items: { state: string }[] }>('GET', `/projects/${project.id}/items?limit=100`);
      out[project.name] = {};
      for (const item of items) out[project.name]![item.state] = (out[project.name]![item.state] ?? 0) + 1;
    }
    return out;
  }

  it('walks items of the three task-type projects to accepted through the queue and review, and leaves some to do', async () => {
    const demo = await t.api.call<Demo>('POST', '/demo');
    expect(await statesOf(demo)).toEqual({
      'Demo · Instruction tuning': { accepted: 4, todo: 1 },
      'Demo · RLHF preference': { accepted: 5, todo: 1 },
      'Demo · Vision-language alignment': { accepted: 4, todo: 2 },
    });
    // Each accepted item was submitted by a demo annotator and accepted by Rita, the demo reviewer.
    const rita = demo.users.find((u) => u.email.startsWith('rita@'))!;
    const reviewer = await login(t.url, rita.email, rita.password);
    for (const project of demo.projects.slice(0, 3)) {
      const res = await fetch(`${t.url}/api/v1/projects/${project.id}/reviews`, { headers: { authorization: `Bearer ${reviewer.token}` } });
      expect(((await res.json()) as { items: unknown[] }).items).toEqual([]);
    }
    const imports = first.projects.slice(0, 2).flatMap((p) => p.imports.filter((i) => i.fileName === 'demo-more.jsonl'));
    expect(imports.map((i) => [i.status, i.created, i.failed])).toEqual([['done', 1, 0], ['done', 3, 0]]);
  });

  it('running it again keeps the projects as they are; only site admins may run it', async () => {
    const before = await statesOf(await t.api.call<Demo>('POST', '/demo'));
    const again = await t.api.call<Demo>('POST', '/demo');
    expect(again.projects.every((p) => !p.created)).toBe(true);
    expect(again.projects.every((p) => p.imports.length === 0)).toBe(true);
    expect(await statesOf(again)).toEqual(before);
    const user = await t.api.createUser('Casey', { canCreateProjects: true });
    await user.call('POST', '/demo', undefined, 403);
  });
});
