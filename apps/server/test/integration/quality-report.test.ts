import type { QualityReport } from '@concord/protocol';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { backendName } from '../helpers/backends.ts';
import { startTestServer, type TestServer } from '../helpers/test-server.ts';
import { annotateNext, preferenceItem, qualityProject, statusOf } from './quality-fixtures.ts';

/**
 * Two annotators on four items (pairwise, responses r1/r2):
 *   Ann  r1 r1 r2 r2
 *   Ben  r1 r2 r2 r2
 * Observed agreement 3/4. Cohen's kappa (Ann's labels in rows): Ann's marginals 1/2, 1/2, Ben's 1/4, 3/4,
 * chance agreement 1/2·1/4 + 1/2·3/4 = 1/2, kappa = (3/4 − 1/2) / (1 − 1/2) = 0.5.
 */
const ann = [0, 0, 1, 1] as const;
const ben = [0, 1, 1, 1] as const;

describe(`the quality report (${backendName})`, () => {
  let t: TestServer;
  let projectId: string;
  let people: Awaited<ReturnType<typeof setup>>['people'];
  const itemIds: string[] = [];

  async function setup() {
    return qualityProject(t, {
      name: 'Report',
      workflow: { labeling: 'blind', overlap: 2, review: false, disputes: { auto: false }, quality: { goldRatePercent: 0, minUnits: 50 } },
      people: { ann: 'annotator', ben: 'annotator', quinn: 'qa_lead', tess: 'trainer', rita: 'reviewer', vera: 'viewer', max: 'manager', '=cmd|calc': 'annotator' },
    });
  }

  beforeAll(async () => {
    t = await startTestServer();
    ({ projectId, people } = await setup());
    for (let n = 0; n < 4; n++) itemIds.push((await t.api.createItem(projectId, preferenceItem(100 + n, { tags: n < 2 ? ['safety'] : ['coding'] }))).id);
    for (let n = 0; n < 4; n++) {
      await annotateNext(t, people.ann, projectId, (task) => ann[itemIds.indexOf(task.itemId)]!);
      await annotateNext(t, people.ben, projectId, (task) => ben[itemIds.indexOf(task.itemId)]!);
    }
  });
  afterAll(async () => {
    await t?.dispose();
  });

  it('[R1] the numbers of a constructed case: Cohen kappa 0.5 between the two annotators, 3/4 observed agreement', async () => {
    const report = await people.quinn.call<QualityReport>('GET', `/projects/${projectId}/quality`);
    expect(report).toMatchObject({ projectId, taskType: 'preference', flags: [] });
    expect(report.overall).toMatchObject({ slice: '*', items: 4, annotations: 8 });
    expect(report.overall.headline.units).toBe(4);
    expect(report.overall.headline.percentAgreement).toBeCloseTo(0.75, 10);
    const annRow = report.annotators.find((a) => a.userId === people.ann.userId)!;
    const annAll = annRow.slices.find((s) => s.slice === '*')!;
    expect(annAll.agreement).toMatchObject({ metric: 'cohen_kappa', units: 4 });
    expect(annAll.agreement.value).toBeCloseTo(0.5, 10);
    expect(report.pairs).toHaveLength(1);
    expect(report.pairs[0]!.agreement.value).toBeCloseTo(0.5, 10);
    // Per slice: safety (items 1-2: r1/r1, r1/r2), coding (items 3-4: both r2) is all one label: undefined, never 1.
    expect(report.slices.map((s) => s.slice).sort()).toEqual(['coding', 'safety']);
    const coding = report.slices.find((s) => s.slice === 'coding')!;
    expect(coding.headline.value).toBeNull();
    expect(coding.headline.percentAgreement).toBe(1);
    expect(report.settings).toMatchObject({ minUnits: 50, goldRatePercent: 0 });
  });

  it('[R1] the report is cached until something it depends on changes', async () => {
    const first = await people.quinn.call<QualityReport>('GET', `/projects/${projectId}/quality`);
    const again = await people.tess.call<QualityReport>('GET', `/projects/${projectId}/quality`);
    expect(again.generatedAt).toBe(first.generatedAt);
    await t.api.call('PUT', `/projects/${projectId}/workflow`, { quality: { tooFastSeconds: 3 } });
    const changed = await people.quinn.call<QualityReport>('GET', `/projects/${projectId}/quality`);
    expect(changed.settings).toMatchObject({ tooFastSeconds: 3, minUnits: 50 });
    const windowed = await people.quinn.call<QualityReport>('GET', `/projects/${projectId}/quality?from=2000-01-01&to=2000-02-01`);
    expect(windowed.overall.annotations).toBe(0);
    expect(windowed.window).toEqual({ from: '2000-01-01T00:00:00.000Z', to: '2000-02-01T00:00:00.000Z' });
  });

  it('[R2] only roles that read quality see the report, flags and exports; everyone else gets the same 404 as a stranger', async () => {
    const stranger = await t.api.createUser('Stranger');
    const paths = [`/projects/${projectId}/quality`, `/projects/${projectId}/quality/flags`, `/projects/${projectId}/quality/export?table=annotators`];
    for (const path of paths) {
      expect(await statusOf(t, people.quinn, 'GET', path)).toBe(200);
      expect(await statusOf(t, people.tess, 'GET', path)).toBe(200);
      expect(await statusOf(t, people.max, 'GET', path)).toBe(200);
      for (const who of [people.ann, people.ben, people.rita, people.vera, stranger]) expect(await statusOf(t, who, 'GET', path)).toBe(404);
    }
    expect(await statusOf(t, people.quinn, 'GET', '/projects/prj_abcdefghijklmnopqrstuvwxyz234567/quality')).toBe(404);
    expect(await statusOf(t, people.quinn, 'GET', `/projects/${projectId}/quality?from=yesterday`)).toBe(400);
    expect(await statusOf(t, people.quinn, 'GET', `/projects/${projectId}/quality?from=2026-02-01&to=2026-01-01`)).toBe(400);
    expect(await statusOf(t, people.quinn, 'GET', `/projects/${projectId}/quality/export?table=everything`)).toBe(400);
  });

  it('[R3] exports a table as CSV with a header and formula cells neutralised, or as JSON', async () => {
    const res = await fetch(`${t.url}/api/v1/projects/${projectId}/quality/export?format=csv&table=annotators`, { headers: { authorization: `Bearer ${people.quinn.token}` } });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/^text\/csv/);
    expect(res.headers.get('content-disposition')).toMatch(/^attachment; filename="quality-prj_[a-z2-7]+-annotators\.csv"$/);
    const lines = (await res.text()).trimEnd().split('\r\n');
    expect(lines[0]!.split(',').slice(0, 6)).toEqual(['user_id', 'name', 'annotations', 'slice', 'metric', 'value']);
    expect(lines.find((l) => l.startsWith(`${people.ann.userId},ann,4,*,cohen_kappa,0.5`))).toBeDefined();
    const json = await people.quinn.call<Record<string, unknown>[]>('GET', `/projects/${projectId}/quality/export?format=json&table=pairs`);
    expect(json).toEqual([expect.objectContaining({ metric: 'cohen_kappa', units: 4 })]);
  });

  it('[R3] a name that a spreadsheet would run as a formula is exported with a leading quote', async () => {
    const sneaky = people['=cmd|calc'];
    await t.api.createItem(projectId, preferenceItem(200));
    await annotateNext(t, sneaky, projectId, () => 0);
    const res = await fetch(`${t.url}/api/v1/projects/${projectId}/quality/export?table=annotators`, { headers: { authorization: `Bearer ${people.quinn.token}` } });
    const body = await res.text();
    expect(body).toContain(`${sneaky.userId},'=cmd|calc,1,`);
    expect(body).not.toMatch(/(^|,)=cmd/m);
  });

  it('[R1] [R3] [G1] the routes are in the OpenAPI document with their parameters and descriptions', async () => {
    const doc = (await (await fetch(`${t.url}/api/v1/openapi.json`)).json()) as {
      paths: Record<string, Record<string, { description?: string; parameters?: { name: string }[] }>>;
    };
    const names = (path: string, method: string) => (doc.paths[`/api/v1${path}`]?.[method]?.parameters ?? []).map((p) => p.name).sort();
    expect(names('/projects/{id}/quality', 'get')).toEqual(['from', 'id', 'to']);
    expect(names('/projects/{id}/quality/export', 'get')).toEqual(['format', 'from', 'id', 'table', 'to']);
    expect(names('/projects/{id}/quality/flags', 'get')).toEqual(['id', 'state']);
    expect(names('/projects/{id}/quality/flags/{flagId}/clear', 'post')).toEqual(['flagId', 'id']);
    expect(names('/projects/{id}/items/{itemId}/gold', 'put')).toEqual(['id', 'itemId']);
    expect(doc.paths['/api/v1/projects/{id}/quality']!.get!.description).toMatch(/R2/);
  });
});
