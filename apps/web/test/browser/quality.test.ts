import { readFile } from 'node:fs/promises';
import { readDoc, setChoice } from '@concord/annotation-doc';
import type { QualityFlag, QualityReport, Task } from '@concord/protocol';
import { backendName, startTestServer, type TestServer } from '@concord/server/testing';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { formatCi, formatMetric } from '../../src/lib/quality/format.ts';
import { type Chromium, hasChromium, launchChromium, skipReason } from './browser.ts';
import { browse, member, type Person } from './workflow-helpers.ts';

if (!hasChromium) console.warn(skipReason);

/** Writes an annotator's choice of response `index` (canonical order) into their document, as the editor would. */
async function choose(t: TestServer, documentId: string, userId: string, index: number): Promise<void> {
  const loaded = await t.server.services.store.load(documentId);
  const doc = new Y.Doc();
  for (const part of [loaded.snapshot, ...loaded.tail.map((u) => u.update)]) if (part) Y.applyUpdate(doc, part);
  const view = readDoc(doc);
  if (view.taskType !== 'preference') throw new Error('not a preference document');
  const before = Y.encodeStateVector(doc);
  setChoice(doc, view.responses[index]!.id, 'better');
  const update = Y.encodeStateAsUpdate(doc, before);
  doc.destroy();
  await t.server.services.store.append(documentId, [{ update, userId, origin: 'client' }]);
}

describe.skipIf(!hasChromium)(hasChromium ? `the quality dashboard in Chromium (${backendName})` : skipReason, () => {
  let t: TestServer;
  let chrome: Chromium;

  beforeAll(async () => {
    t = await startTestServer();
    chrome = await launchChromium();
  });

  afterEach(async () => {
    await chrome?.closeContexts();
  });

  afterAll(async () => {
    await chrome?.close();
    await t?.dispose();
  });

  /**
   * A blind pairwise project judged by three annotators: Bo and Cy pick the right answer every time,
   * Ana picks the other one on most `safety` items, so her agreement there falls under the threshold.
   */
  async function seedProject(): Promise<{ projectId: string; ana: Person; quinn: Person }> {
    const { id: projectId } = await t.api.createProject('Quality dashboard', 'preference');
    await t.api.updateConfig(projectId, { preferenceMode: 'pairwise', requireAllScores: false, minRationaleLength: 0 });
    await t.api.call('PUT', `/projects/${projectId}/workflow`, {
      labeling: 'blind',
      overlap: 3,
      review: false,
      disputes: { auto: false },
      quality: { minUnits: 4, goldRatePercent: 0, tooFastSeconds: 0 },
    });
    const ana = await member(t, projectId, 'Ana Annotator', 'annotator');
    const bo = await member(t, projectId, 'Bo Annotator', 'annotator');
    const cy = await member(t, projectId, 'Cy Annotator', 'annotator');
    const quinn = await member(t, projectId, 'Quinn QA', 'qa_lead');
    const truth = new Map<string, { tag: string; right: 0 | 1 }>();
    for (let n = 0; n < 12; n++) {
      const tag = n < 8 ? 'safety' : 'coding';
      const right = (n % 2) as 0 | 1;
      const item = await t.api.createItem(projectId, {
        externalId: `q-${n}`,
        tags: [tag],
        seed: {
          taskType: 'preference',
          prompt: { text: `Prompt ${n}: which answer is better?`, media: [] },
          responses: [
            { modelId: 'model-a', text: `A careful answer to prompt ${n}.` },
            { modelId: 'model-b', text: `A short answer ${n}.` },
          ],
        },
      });
      truth.set(item.id, { tag, right });
    }
    let safetySeen = 0;
    for (const person of [bo, cy, ana]) {
      for (let i = 0; i < truth.size; i++) {
        const task = await person.call<Task>('POST', `/projects/${projectId}/queue/next`, undefined, 200);
        const { tag, right } = truth.get(task.itemId)!;
        const wrong = person === ana && tag === 'safety' && safetySeen++ < 6;
        await choose(t, task.documentId, person.userId, wrong ? 1 - right : right);
        await person.call('POST', `/assignments/${task.assignmentId}/submit`, { fence: task.fence }, 200);
      }
    }
    return { projectId, ana, quinn };
  }

  it('[R1] [R2] [R3] [F1] [F2] [F4] a QA lead reads slice agreement with its CI, finds the flagged annotator and clears the flag with a note', async () => {
    const { projectId, ana, quinn } = await seedProject();
    const report = await quinn.call<QualityReport>('GET', `/projects/${projectId}/quality`);
    const { items: flags } = await quinn.call<{ items: QualityFlag[] }>('GET', `/projects/${projectId}/quality/flags?state=open`);
    const anaFlag = flags.find((f) => f.userId === ana.userId && f.slice === 'safety');
    expect(anaFlag).toBeDefined();

    // The annotator has no way to the dashboard, and the page itself is "not found" for her.
    const a = await browse(chrome, t, ana);
    await a.page.goto(`${t.url}/projects/${projectId}`);
    await a.page.locator('[data-testid="link-work"]').waitFor();
    expect(await a.page.locator('[data-testid="link-quality"]').count()).toBe(0);
    await a.page.goto(`${t.url}/projects/${projectId}/quality`);
    await a.page.locator('[data-testid="no-access"]').waitFor();
    expect(await a.page.locator('[data-testid="slices-table"]').count()).toBe(0);

    // The QA lead follows the Quality link from the project page.
    const q = await browse(chrome, t, quinn);
    await q.page.goto(`${t.url}/projects/${projectId}`);
    await q.page.locator('[data-testid="link-quality"]').click();
    await q.page.waitForURL(/\/quality$/);
    await q.page.locator('[data-testid="slices-table"]').waitFor();

    // Each slice shows the report's headline with its interval, or "undefined", never 0 in its place.
    for (const slice of report.slices) {
      const cell = q.page.locator(`[data-testid="slice-row"][data-slice="${slice.slice}"] [data-testid="slice-headline"]`);
      const { metric, value, ci } = slice.headline;
      const number = (await cell.locator('[data-metric]').textContent())?.trim();
      expect(number).toBe(value === null ? 'undefined' : formatMetric(metric, value));
      if (ci) expect((await cell.locator('[data-testid="ci"]').textContent())?.trim()).toBe(formatCi(metric, ci));
    }
    expect(report.slices.some((s) => s.headline.ci !== null)).toBe(true);

    // [R3] A table downloads with the session's token, under the page's CSP, named by the server.
    await q.page.locator('[data-testid="exports"] summary').click();
    const [download] = await Promise.all([q.page.waitForEvent('download'), q.page.locator('[data-testid="export-slices-csv"]').click()]);
    expect(download.suggestedFilename()).toMatch(/\.csv$/);
    const csv = await readFile((await download.path())!, 'utf8');
    expect(csv.split('\n')[0]).toContain('slice');
    expect(csv).toContain('safety');

    // The flagged annotator: in the flag list with value against threshold, and her heat map cell marked; its hover explains it.
    const flagRow = q.page.locator(`[data-testid="flag-row"][data-flag-id="${anaFlag!.id}"]`);
    await flagRow.waitFor();
    expect(await flagRow.textContent()).toContain('Ana Annotator');
    expect(await flagRow.textContent()).toContain(formatMetric(anaFlag!.metric, anaFlag!.threshold));
    const cell = q.page.locator(`[data-testid="heat-row"][data-user-id="${ana.userId}"] [data-testid="heat-cell"][data-slice="safety"]`);
    expect(await cell.getAttribute('data-flagged')).toBe('true');
    await cell.locator('.tip').hover();
    const tip = cell.locator('[role="tooltip"]');
    await tip.waitFor({ state: 'visible' });
    expect(await tip.textContent()).toMatch(/Ana Annotator on safety: .* on \d+ units.* Flagged: Agreement/);

    // [C8] No calibration session ended yet: the results section says so.
    await q.page.locator('[data-testid="no-calibrations"]').waitFor();

    // The agreement chart has a line per slice and the threshold.
    await q.page.locator('[data-testid="agreement-chart"] [data-testid="threshold-line"]').waitFor({ state: 'attached' });

    // Clearing needs a note; with one, the flag leaves the list.
    await flagRow.locator('[data-testid="clear-flag"]').click();
    await q.page.locator('[data-testid="confirm-clear"]').click();
    await q.page.locator('[data-testid="clear-form"] [role="alert"]').waitFor();
    await q.page.locator('[data-testid="clear-note"]').fill('Talked it through; retrained on the safety guidelines.');
    await q.page.locator('[data-testid="confirm-clear"]').click();
    await flagRow.waitFor({ state: 'detached' });
    const { items: cleared } = await quinn.call<{ items: QualityFlag[] }>('GET', `/projects/${projectId}/quality/flags?state=cleared`);
    expect(cleared.find((f) => f.id === anaFlag!.id)?.clearNote).toBe('Talked it through; retrained on the safety guidelines.');
    expect(await cell.getAttribute('data-flagged')).toBe('false');

    // [F2] A flag cleared elsewhere leaves the open page live (quality:flag), without a reload.
    const other = flags.find((f) => f.id !== anaFlag!.id);
    if (other) {
      const otherRow = q.page.locator(`[data-testid="flag-row"][data-flag-id="${other.id}"]`);
      await otherRow.waitFor();
      await quinn.call('POST', `/projects/${projectId}/quality/flags/${other.id}/clear`, { note: 'Cleared from another tab.' }, 200);
      await otherRow.waitFor({ state: 'detached' });
    }
    expect(q.errors).toEqual([]);
  });

  it('a manager sets the quality thresholds in the workflow settings, with per-field errors, and the dashboard uses them', async () => {
    const { id: projectId } = await t.api.createProject('Quality settings', 'preference');
    const mia = await member(t, projectId, 'Mia Manager', 'manager');
    const m = await browse(chrome, t, mia);
    await m.page.goto(`${t.url}/projects/${projectId}`);
    await m.page.locator('[data-testid="link-workflow-settings"]').click();
    const quality = m.page.locator('[data-testid="quality-settings"]');
    await quality.locator('[data-testid="quality-agreementThreshold"]').fill('2');
    await quality.locator('[data-testid="quality-minUnits"]').fill('0');
    await m.page.locator('[data-testid="workflow-save"]').click();
    expect(await quality.locator('[data-testid="workflow-error"][data-path="quality.agreementThreshold"]').innerText()).toBe('At most 1.');
    expect(await quality.locator('[data-testid="workflow-error"][data-path="quality.minUnits"]').innerText()).toBe('At least 1.');
    expect(await quality.locator('[data-testid="quality-agreementThreshold"]').getAttribute('aria-invalid')).toBe('true');

    await quality.locator('[data-testid="quality-agreementThreshold"]').fill('0.6');
    await quality.locator('[data-testid="quality-minUnits"]').fill('5');
    await quality.locator('[data-testid="quality-pauseFlagged"]').check();
    await m.page.locator('[data-testid="workflow-save"]').click();
    await m.page.getByText('Workflow settings saved.').waitFor();
    expect(await t.api.call('GET', `/projects/${projectId}/workflow`)).toMatchObject({ quality: { agreementThreshold: 0.6, minUnits: 5, pauseFlagged: true } });

    // The dashboard of a project without work: its thresholds, and "nothing compared yet" rather than zeros.
    await m.page.goto(`${t.url}/projects/${projectId}`);
    await m.page.locator('[data-testid="link-quality"]').click();
    const thresholds = m.page.locator('[data-testid="thresholds"]');
    await thresholds.waitFor();
    expect(await thresholds.innerText()).toMatch(/Agreement threshold\s+0\.60/);
    expect(await thresholds.innerText()).toMatch(/Flags need\s+5 units/);
    await m.page.locator('[data-testid="chart-empty"]').waitFor();
    await m.page.locator('[data-testid="no-flags"]').waitFor();
    expect(await m.page.locator('[data-testid="quality-summary"]').innerText()).toContain('undefined');
    expect(m.errors).toEqual([]);
  });
});
