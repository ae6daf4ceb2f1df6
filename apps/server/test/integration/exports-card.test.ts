import { itemStates, type ExportJob, type QualityReport } from '@concord/protocol';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { itemAgreements } from '../../src/exports/row-agreement.ts';
import { backendName } from '../helpers/backends.ts';
import { startTestServer, type TestServer } from '../helpers/test-server.ts';
import { allRows, download, runExport, tableOf } from './exports-fixtures.ts';
import { annotateNext, preferenceItem, qualityProject } from './quality-fixtures.ts';

/**
 * Two annotators, blind, overlap 2, on four pairwise items (0-1 safety, 2-3 coding):
 *   Ann  r1 r1 r2 r2
 *   Ben  r1 r2 r2 r2
 * so items 0, 2, 3 agree and item 1 does not. Item 4 (coding) is annotated by Ann alone, item 5 by nobody.
 */
const ann = [0, 0, 1, 1, 0] as const;
const ben = [0, 1, 1, 1] as const;

describe(`the dataset card and row agreement of exports (${backendName})`, () => {
  let t: TestServer;
  let projectId: string;
  let people: Awaited<ReturnType<typeof setup>>['people'];
  const itemIds: string[] = [];
  let job: ExportJob;
  let readme: string;

  async function setup() {
    return qualityProject(t, {
      name: 'Card',
      workflow: { labeling: 'blind', overlap: 2, review: false, disputes: { auto: false }, quality: { goldRatePercent: 0 } },
      people: { ann: 'annotator', ben: 'annotator', quinn: 'qa_lead' },
    });
  }

  beforeAll(async () => {
    t = await startTestServer();
    ({ projectId, people } = await setup());
    for (let n = 0; n < 4; n++) itemIds.push((await t.api.createItem(projectId, preferenceItem(200 + n, { tags: n < 2 ? ['safety'] : ['coding'] }))).id);
    for (let n = 0; n < 4; n++) {
      await annotateNext(t, people.ann, projectId, (task) => ann[itemIds.indexOf(task.itemId)]!);
      await annotateNext(t, people.ben, projectId, (task) => ben[itemIds.indexOf(task.itemId)]!);
    }
    itemIds.push((await t.api.createItem(projectId, preferenceItem(204, { tags: ['coding'] }))).id);
    await annotateNext(t, people.ann, projectId, (task) => ann[itemIds.indexOf(task.itemId)]!);
    itemIds.push((await t.api.createItem(projectId, preferenceItem(205, { tags: ['coding'] }))).id);
    job = await runExport(people.quinn, projectId, { format: 'trl-dpo', filters: { states: [...itemStates] }, splits: { train: 0.5, validation: 0.5, test: 0 } });
    readme = (await download(t, people.quinn, job.id, 'README.md')).bytes.toString('utf8');
  }, 120_000);
  afterAll(async () => {
    await t?.dispose();
  });

  it('[X13] README.md is the last file of the job, listed with its bytes and SHA-256', async () => {
    expect(job.status).toBe('done');
    expect(job.files.at(-1)!.path).toBe('README.md');
    expect(job.files.filter((f) => f.path === 'README.md')).toHaveLength(1);
    const got = await download(t, people.quinn, job.id, 'README.md');
    expect(got.status).toBe(200);
    expect(got.bytes.byteLength).toBe(job.files.at(-1)!.bytes);
    expect(got.sha256).toBe(job.files.at(-1)!.sha256);
    expect(readme).toMatch(/^---\npretty_name: Card\n/);
  });

  it('[X13] the Manifest lists every other file with the bytes and hashes of the job', () => {
    const manifest = tableOf(readme, 'Manifest').map(([path, bytes, sha256]) => ({ path, bytes: Number(bytes), sha256 }));
    expect(manifest).toEqual(job.files.slice(0, -1));
    expect(manifest.length).toBeGreaterThan(0);
  });

  it('[X13] items and rows per split and items per slice equal what the job wrote', async () => {
    const rows = await allRows(t, people.quinn, job);
    // Items 4 and 5 have no judgement in the item document (blind, not finished): the format skips them.
    expect(job.rows).toBe(4);
    expect(rows).toHaveLength(4);
    const splits = tableOf(readme, 'Composition', 'Splits');
    for (const [split, items, count] of splits) {
      const inSplit = rows.filter((r) => r.split === split);
      expect(Number(count)).toBe(inSplit.length);
      expect(Number(items)).toBe(new Set(inSplit.map((r) => (r.concord as { item_id: string }).item_id)).size);
    }
    expect(splits.reduce((n, [, , count]) => n + Number(count), 0)).toBe(job.rows);
    const slices = Object.fromEntries(tableOf(readme, 'Composition', 'Slices').map(([name, count]) => [name, Number(count)]));
    expect(slices).toEqual({ coding: 2, safety: 2 });
    expect(readme).toContain('2 item(s) could not be written in the trl-dpo format');
    expect(tableOf(readme, 'Composition', 'Annotation types')).toContainEqual(['pairwise judgements', '4']);
  });

  it('[X15] the per-slice agreement and CIs are the numbers of GET /projects/{id}/quality, unrounded', async () => {
    const report = await people.quinn.call<QualityReport>('GET', `/projects/${projectId}/quality`);
    const num = (v: number | null) => (v === null ? 'n/a' : String(v));
    const expected = [report.overall, ...report.slices].map((s) => [
      s.slice === '*' ? 'all items' : s.slice,
      s.headline.metric,
      num(s.headline.value),
      s.headline.ci === null ? 'n/a' : `[${num(s.headline.ci[0])}, ${num(s.headline.ci[1])}]`,
    ]);
    expect(tableOf(readme, 'Quality').map((r) => r.slice(0, 4))).toEqual(expected);
    expect(report.overall.headline.value).not.toBeNull();
    expect(report.slices.map((s) => s.slice).sort()).toEqual(['coding', 'safety']);
    // coding (both annotators agree on everything) is undefined: named as a gap, never 1.
    expect(readme).toContain('No agreement was measured on the slice(s) coding');
  });

  it('[X13] workflow, provenance and personal data are stated', () => {
    expect(readme).toContain('- Workflow stages: annotate → qa (disputed items)');
    expect(readme).toContain('- Overlap: 2 annotator(s) per item, blind');
    expect(readme).toContain('- Annotators: 2');
    expect(readme).toContain('- Qualification / calibration: none');
    expect(readme).toContain('Review override rate (share of reviewed items whose answer a reviewer changed): not measured');
    expect(readme).toContain('pseudonyms');
    for (const user of [people.ann, people.ben]) expect(readme).not.toContain(user.userId);
  });

  it('[X14] rows carry the item agreement where two people annotated it; null with fewer', async () => {
    const rows = await allRows(t, people.quinn, job);
    for (const row of rows) {
      const concord = row.concord as { item_id: string; agreement: number | null };
      const n = itemIds.indexOf(concord.item_id);
      expect(typeof concord.agreement).toBe('number');
      if (ann[n] === ben[n]) expect(concord.agreement).toBe(1);
      else expect(concord.agreement).toBeLessThan(1);
    }
    const byItem = await itemAgreements(t.server.services.db.db, projectId, itemIds);
    expect(byItem.get(itemIds[4]!)).toBeNull();
    expect(byItem.has(itemIds[5]!)).toBe(false);
  });
});
