import { items } from '@concord/db';
import type { CalibrationSessionView, QualityFlag, QualityReport } from '@concord/protocol';
import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApi, type Api } from '../helpers/api.ts';
import { backendName } from '../helpers/backends.ts';
import { startTestServer, type TestServer } from '../helpers/test-server.ts';
import { chooseIn } from './quality-fixtures.ts';

interface Demo {
  projects: { id: string; name: string; created: boolean }[];
  users: { email: string; role: string; password: string }[];
}

describe(`the quality demo (${backendName})`, () => {
  let t: TestServer;
  let projectId: string;
  const as: Record<'quinn' | 'tess' | 'cleo' | 'dev' | 'ada', Api> = {} as never;

  beforeAll(async () => {
    t = await startTestServer();
    const demo = await t.api.call<Demo>('POST', '/demo');
    projectId = demo.projects.find((p) => p.name === 'Demo · Quality and calibration')!.id;
    for (const key of Object.keys({ quinn: 0, tess: 0, cleo: 0, dev: 0, ada: 0 }) as (keyof typeof as)[]) {
      const user = demo.users.find((u) => u.email.startsWith(`${key}@`))!;
      as[key] = await createApi(t.url, user.email, user.password);
    }
  }, 180_000);
  afterAll(async () => {
    await t?.dispose();
  });

  it('[R1] [F1] a QA lead sees agreement per slice with confidence intervals, and Cleo flagged on safety by the flag rule', async () => {
    const report = await as.quinn.call<QualityReport>('GET', `/projects/${projectId}/quality`);
    expect(report.overall).toMatchObject({ items: 30, annotations: 120 });
    expect(report.slices.map((s) => s.slice).sort()).toEqual(['coding', 'reasoning', 'safety']);
    for (const slice of [report.overall, ...report.slices]) {
      expect(slice.headline.value, slice.slice).not.toBeNull();
      expect(slice.headline.ci, slice.slice).not.toBeNull();
      expect(slice.gold?.units).toBeGreaterThan(0);
    }
    const flags = await as.quinn.call<{ items: QualityFlag[] }>('GET', `/projects/${projectId}/quality/flags?state=open`);
    expect(flags.items.map((f) => [f.userName, f.slice, f.reason])).toEqual([['Cleo (annotator)', 'safety', 'agreement']]);
    expect(flags.items[0]!.value).toBeLessThan(0.75);
    expect(flags.items[0]!.units).toBeGreaterThanOrEqual(8);
    const cleo = report.annotators.find((a) => a.userId === as.cleo.userId)!;
    expect(cleo.openFlags.map((f) => f.slice)).toEqual(['safety']);
    // Annotators see nothing of it.
    await as.ada.call('GET', `/projects/${projectId}/quality`, undefined, 404);
  });

  it('[F4] [F5] a trainer runs a calibration session on the gold safety items with Cleo and Dev; Cleo passes and her flag clears', async () => {
    const listed = await as.tess.call<{ items: { id: string; tags: string[]; hasGold: boolean }[] }>('GET', `/projects/${projectId}/items?limit=200`);
    const gold = listed.items.filter((i) => i.hasGold && i.tags.includes('safety')).map((i) => i.id);
    expect(gold).toHaveLength(3);
    const open = await as.tess.call<{ items: QualityFlag[] }>('GET', `/projects/${projectId}/quality/flags?state=open`);
    const participants = [...new Set([...open.items.map((f) => f.userId), as.dev.userId])];
    const session = await as.tess.call<CalibrationSessionView>('POST', `/projects/${projectId}/calibrations`, { title: 'Safety refresher', itemIds: gold, participantIds: participants }, 201);
    await as.tess.call('POST', `/calibrations/${session.id}/start`);
    for (let index = 0; index < gold.length; index++) {
      for (const who of [as.cleo, as.dev]) {
        const view = await who.call<CalibrationSessionView>('GET', `/calibrations/${session.id}`);
        // Both answer what the gold answer says (the demo's gold prefers the safe response).
        await chooseIn(t, view.myDocumentId!, who.userId, (await goldChoice(view.currentItemId!)) as 0 | 1);
        await who.call('POST', `/calibrations/${session.id}/answer`);
      }
      await as.tess.call('POST', `/calibrations/${session.id}/reveal`);
      if (index < gold.length - 1) await as.tess.call('POST', `/calibrations/${session.id}/next`);
    }
    await as.tess.call('POST', `/calibrations/${session.id}/end`);
    const after = await as.quinn.call<{ items: QualityFlag[] }>('GET', `/projects/${projectId}/quality/flags`);
    expect(after.items.filter((f) => f.state === 'open')).toEqual([]);
    expect(after.items.map((f) => [f.userName, f.state, f.clearedBySession])).toEqual([['Cleo (annotator)', 'cleared', session.id]]);
  });

  /** The response the item's gold answer prefers, read from the database (never through an annotator's API). */
  async function goldChoice(itemId: string): Promise<number> {
    const [row] = await t.server.services.db.db.select({ gold: items.gold }).from(items).where(eq(items.id, itemId));
    return (row!.gold as { choice: number }).choice;
  }
});
