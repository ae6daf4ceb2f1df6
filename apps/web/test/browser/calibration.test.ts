import { backendName, startTestServer, type TestServer } from '@concord/server/testing';
import type { CalibrationSessionView, QualityFlag } from '@concord/protocol';
import type { Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { type Chromium, hasChromium, launchChromium, skipReason } from './browser.ts';
import { browse, editorReady, judge, member, type Person, unfocus } from './workflow-helpers.ts';

if (!hasChromium) console.warn(skipReason);

/** A gold pairwise item: the first response (kind) is the gold choice. */
const goldItem = (n: number) => ({
  externalId: `gold-${n}`,
  seed: {
    taskType: 'preference',
    prompt: { text: `Calibration ${n}: which answer is kinder?`, media: [] },
    responses: [
      { modelId: 'model-a', text: `Take a deep breath; you will manage it (${n}).` },
      { modelId: 'model-b', text: `Figure it out yourself (${n}).` },
    ],
  },
  gold: { modelId: 'gold', choice: 0, strength: 'better' },
});

describe.skipIf(!hasChromium)(hasChromium ? `calibration sessions in Chromium (${backendName})` : skipReason, () => {
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

  const openFlags = async (projectId: string) => (await t.api.call<{ items: QualityFlag[] }>('GET', `/projects/${projectId}/quality/flags?state=open`)).items;

  /** The participant's answer document of the current item and its response ids in canonical order (kind first). */
  async function answerOf(person: Person, sessionId: string) {
    const view = await person.call<CalibrationSessionView>('GET', `/calibrations/${sessionId}`);
    const doc = await person.document<{ content: { responses: { id: string }[] } }>(view.myDocumentId!);
    return { documentId: view.myDocumentId!, kind: doc.content.responses[0]!.id, rude: doc.content.responses[1]!.id };
  }

  /** Judges the current item in the room (response and strength by keyboard) and submits the answer. */
  async function answer(page: Page, responseId: string) {
    const mine = page.locator('[data-testid="session-document"]');
    await mine.locator('[data-testid="preference-editor"]').waitFor();
    await editorReady(page);
    await judge(page, responseId, 'w');
    await page.getByRole('button', { name: 'Submit answer' }).click();
    await page.locator('[data-testid="answer-submitted"]').waitFor();
  }

  const ticked = (page: Page, name: string) => page.locator(`[data-testid="participant"][data-name="${name}"][data-answered="true"]`);

  it('[C1]-[C7] a trainer runs a session from gold items: blind answers, live ticks, reveal with the gold and the disagreement, next, end, results; the flagged annotator who passes is cleared', async () => {
    const { id: projectId } = await t.api.createProject('Kindness calibration', 'preference');
    await t.api.updateConfig(projectId, { preferenceMode: 'pairwise', requireAllScores: false, minRationaleLength: 0 });
    // One gold answer below the threshold flags its annotator (F1), so the real flag path runs in the setup.
    await t.api.call('PUT', `/projects/${projectId}/workflow`, { quality: { minUnits: 1, goldRatePercent: 100, tooFastSeconds: 0 } });
    const tess: Person = await member(t, projectId, 'Tess Trainer', 'trainer');
    const ann: Person = await member(t, projectId, 'Ann Annotator', 'annotator');
    const ben: Person = await member(t, projectId, 'Ben Annotator', 'annotator');
    const first = await t.api.createItem(projectId, goldItem(1));
    await t.api.createItem(projectId, goldItem(2));

    // Ben labels a gold item wrongly through the queue: the flag rule flags him.
    const b = await browse(chrome, t, ben);
    await b.page.goto(`${t.url}/projects/${projectId}/work`);
    await b.page.locator('[data-testid="start-labeling"]').click();
    await b.page.waitForURL(/\/documents\/doc_[^?]+\?task=/);
    const taskDocument = new URL(b.page.url()).pathname.split('/').pop()!;
    const served = await ben.document<{ content: { responses: { id: string }[] } }>(taskDocument);
    await editorReady(b.page);
    await b.page.locator('[data-testid="task-bar"][data-status="active"]').waitFor();
    await judge(b.page, served.content.responses[1]!.id, 'w');
    await unfocus(b.page);
    await b.page.keyboard.press('Control+Enter');
    await b.page.locator('[data-testid="task-submitted"]').waitFor();
    await expect.poll(async () => (await openFlags(projectId)).map((f) => f.userId)).toEqual([ben.userId]);
    expect(first.id).toMatch(/^itm_/);

    // The trainer creates the session: the gold items and the flagged annotator are chosen already.
    const tr = await browse(chrome, t, tess);
    await tr.page.goto(`${t.url}/projects/${projectId}`);
    await tr.page.locator('[data-testid="link-calibration"]').click();
    const form = tr.page.locator('[data-testid="create-calibration"]');
    await form.locator('[data-testid="choose-participant"]').first().waitFor();
    expect(await form.locator('[data-testid="choose-item"]').evaluateAll((els) => els.map((el) => (el as HTMLInputElement).checked))).toEqual([true, true]);
    const participants = form.locator('label', { has: tr.page.locator('[data-testid="choose-participant"]') });
    expect(await participants.evaluateAll((els) => els.map((el) => [el.textContent?.trim(), (el.querySelector('input') as HTMLInputElement).checked]))).toEqual([
      ['Ann Annotator', false],
      ['Ben Annotatoropen flag', true],
    ]);
    await form.getByLabel('Title').fill('Kindness refresher');
    await participants.filter({ hasText: 'Ann Annotator' }).locator('input').check();
    await form.getByRole('button', { name: 'Create session' }).click();
    await tr.page.waitForURL(/\/calibrations\/cal_/);
    const sessionId = new URL(tr.page.url()).pathname.split('/').pop()!;
    await tr.page.getByRole('button', { name: 'Start session' }).click();
    await tr.page.locator('[data-testid="calibration-state"][data-state="live"]').waitFor();

    // Both annotators join and answer blind; the trainer sees the ticks arrive live, never the answers.
    const a = await browse(chrome, t, ann);
    await a.page.goto(`${t.url}/calibrations/${sessionId}`);
    await b.page.goto(`${t.url}/calibrations/${sessionId}`);
    const annFirst = await answerOf(ann, sessionId);
    const benFirst = await answerOf(ben, sessionId);
    await answer(a.page, annFirst.rude);
    await ticked(tr.page, 'Ann Annotator').waitFor();
    expect(await ticked(tr.page, 'Ben Annotator').count()).toBe(0);
    // Nothing of Ann's answer reaches Ben's page or the trainer's before the reveal.
    for (const page of [b.page, tr.page]) {
      expect(await page.locator(`[data-document-id="${annFirst.documentId}"]`).count()).toBe(0);
      expect(await page.locator('[data-testid="calibration-reveal"]').count()).toBe(0);
    }
    expect(await tr.page.locator('[data-testid="trainer-blind"]').isVisible()).toBe(true);
    await answer(b.page, benFirst.kind);
    await ticked(tr.page, 'Ben Annotator').waitFor();

    // The reveal reaches all three: both answers and the gold, Ann's choice marked off the gold.
    await tr.page.getByRole('button', { name: 'Reveal answers' }).click();
    for (const page of [tr.page, a.page, b.page]) {
      const row = page.locator('[data-testid="disagreement"][data-path="judgement.choice"]');
      await row.waitFor();
      expect(await page.locator('[data-testid="reveal-column"]').allInnerTexts()).toEqual(['Ann Annotator', 'Ben Annotator', 'Gold answer']);
      expect(await row.locator('td').evaluateAll((cells) => cells.map((c) => c.getAttribute('data-off-gold')))).toEqual(['true', 'false', 'false']);
      await page.locator('[data-testid="live-agreement"]').waitFor();
    }
    // The shared notes: Ann writes, the trainer reads it live.
    await a.page.getByLabel('Shared notes').fill('The second answer is dismissive.');
    await expect.poll(() => tr.page.getByLabel('Shared notes').inputValue()).toBe('The second answer is dismissive.');

    // Next item: blind again; both answer the gold choice; the trainer ends the session.
    await tr.page.getByRole('button', { name: 'Next item' }).click();
    await tr.page.locator('[data-testid="calibration-position"]', { hasText: 'Item 2 of 2' }).waitFor();
    for (const page of [a.page, b.page]) await page.locator('[data-testid="submit-answer"]').waitFor();
    await answer(a.page, (await answerOf(ann, sessionId)).kind);
    await answer(b.page, (await answerOf(ben, sessionId)).kind);
    await ticked(tr.page, 'Ben Annotator').waitFor();
    await tr.page.getByRole('button', { name: 'End session' }).click();

    // Results: the trainer sees both, each annotator their own; Ben passed and his flag is cleared.
    const results = tr.page.locator('[data-testid="calibration-results"] [data-testid="result-row"]');
    await results.nth(1).waitFor();
    expect(await results.evaluateAll((rows) => rows.map((r) => [r.querySelector('th')?.textContent, r.getAttribute('data-passed')]))).toEqual([
      ['Ann Annotator', 'false'],
      ['Ben Annotator', 'true'],
    ]);
    await b.page.locator('[data-testid="calibration-results"] [data-testid="cleared-flags"]').waitFor();
    expect(await b.page.locator('[data-testid="result-row"]').count()).toBe(1);
    await a.page.locator('[data-testid="result-row"][data-passed="false"]').waitFor();
    expect(await openFlags(projectId)).toEqual([]);

    for (const user of [tr, a, b]) {
      expect(user.errors).toEqual([]);
      expect(user.dialogs).toEqual([]);
    }
  });
});
