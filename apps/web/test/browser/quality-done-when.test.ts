import type { QualityFlag, QualityReport } from '@concord/protocol';
import { backendName, createApi } from '@concord/server/testing';
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { qualityDemoItems } from '../../../server/src/demo/quality-items.ts';
import { formatCi, formatMetric } from '../../src/lib/quality/format.ts';
import { hasChromium, signIn, skipReason } from './browser.ts';
import { judge } from './workflow-helpers.ts';
import { useDemoInChromium } from './demo-fixture.ts';

if (!hasChromium) console.warn(skipReason);

const projectName = 'Demo · Quality and calibration';
/** The demo's gold `safety` items, as seeded: the prompt and the text of the response its gold answer prefers. */
const safetyGold = qualityDemoItems.filter((item) => item.gold && item.slice === 'safety').map((item) => ({ prompt: item.prompt, goldText: item.responses[item.truth] }));

describe.skipIf(!hasChromium)(hasChromium ? `issue 6 done-when on the seeded quality demo in Chromium (${backendName})` : skipReason, () => {
  const env = useDemoInChromium();
  const { account } = env;

  /** A demo person signed in through the sign-in page in a fresh context (its dialogs and page errors recorded). */
  async function signedIn(key: string) {
    const user = await env.chrome.newUser();
    const { email, password } = account(key);
    await signIn(user.page, env.t.url, email, password);
    return user;
  }

  /** In the room: the current item's editor, the gold response chosen (found by its text), "better", submitted. */
  async function answerLikeGold(page: Page, position: number): Promise<void> {
    await page.locator('[data-testid="calibration-position"]', { hasText: `Item ${position} of ${safetyGold.length}` }).waitFor();
    // Answering (not revealed): the participant's own answer document is the only one on the page.
    await page.locator('[data-testid="submit-answer"]').waitFor();
    const mine = page.locator('[data-testid="session-document"]');
    await mine.locator('[data-testid="preference-editor"]').waitFor({ timeout: 20_000 });
    await mine.locator('[data-testid="connection"][data-status="connected"]').waitFor();
    const texts = await mine.locator('[data-testid="response"]').evaluateAll((cards) => cards.map((c) => ({ id: c.getAttribute('data-response-id') ?? '', text: c.textContent ?? '' })));
    const match = texts.find(({ text }) => safetyGold.some((g) => text.includes(g.goldText)));
    expect(match, `a gold response among ${JSON.stringify(texts)}`).toBeDefined();
    await judge(page, match!.id, 'w');
    await page.locator('[data-testid="submit-answer"]').click();
    await page.locator('[data-testid="answer-submitted"]').waitFor();
  }

  it('[DONE6] a QA lead sees per-slice agreement with CIs and Cleo flagged; a trainer runs a live session with Cleo and Dev that clears the flag', { timeout: 300_000 }, async () => {
    const project = env.demo.projects.find((p) => p.name === projectName);
    expect(project, 'the demo makes the quality project').toBeDefined();
    const projectId = project!.id;
    const quinnApi = await createApi(env.t.url, account('quinn').email, account('quinn').password);
    const report = await quinnApi.call<QualityReport>('GET', `/projects/${projectId}/quality`);
    const { items: openFlags } = await quinnApi.call<{ items: QualityFlag[] }>('GET', `/projects/${projectId}/quality/flags?state=open`);
    const cleoFlag = openFlags.find((f) => f.userName === 'Cleo (annotator)' && f.slice === 'safety');
    expect(cleoFlag, 'Cleo is flagged on safety').toBeDefined();

    // Quinn (QA lead) goes from the project list to the project's Quality page.
    const quinn = await signedIn('quinn');
    const q = quinn.page;
    await q.goto(`${env.t.url}/projects`);
    await q.locator('[data-testid="project-link"]', { hasText: projectName }).click();
    await q.waitForURL(new RegExp(`/projects/${projectId}$`));
    await q.locator('[data-testid="link-quality"]').click();
    await q.waitForURL(/\/quality$/);
    await q.locator('[data-testid="slices-table"]').waitFor({ timeout: 30_000 });

    // Each slice: the API's agreement and its 95 % interval, as the page formats them.
    const slices = await q.locator('[data-testid="slice-row"]').evaluateAll((rows) => rows.map((r) => r.getAttribute('data-slice')));
    expect(slices.filter((s) => s !== '*').sort()).toEqual(['coding', 'reasoning', 'safety']);
    for (const name of ['safety', 'coding', 'reasoning']) {
      const slice = report.slices.find((s) => s.slice === name)!;
      const { metric, value, ci } = slice.headline;
      expect(value, name).not.toBeNull();
      expect(ci, name).not.toBeNull();
      const cell = q.locator(`[data-testid="slice-row"][data-slice="${name}"] [data-testid="slice-headline"]`);
      const number = (await cell.locator('[data-metric]').textContent())?.trim();
      expect(number, name).toBe(formatMetric(metric, value));
      expect(number, name).toMatch(/^−?\d+\.\d\d$/);
      const interval = (await cell.locator('[data-testid="ci"]').textContent())?.trim();
      expect(interval, name).toBe(formatCi(metric, ci));
      expect(interval, name).toMatch(/^\[−?\d+\.\d\d, −?\d+\.\d\d\]$/);
    }

    // The flagged list: Cleo, on safety, a value under 0.75, and nobody else.
    const flags = q.locator('[data-testid="flags"]');
    const cleoRow = flags.locator(`[data-testid="flag-row"][data-flag-id="${cleoFlag!.id}"]`);
    await cleoRow.waitFor();
    expect(await flags.locator('[data-testid="flag-row"]').count()).toBe(1);
    expect((await cleoRow.locator('th').textContent())?.trim()).toBe('Cleo (annotator)');
    expect(await cleoRow.locator('td').allInnerTexts()).toContain('safety');
    const shown = (await cleoRow.locator('strong.below').textContent())!.trim();
    expect(shown).toBe(formatMetric(cleoFlag!.metric, cleoFlag!.value));
    expect(Number(shown.replace('−', '-'))).toBeLessThan(0.75);
    expect(await q.locator('[data-testid="open-flag-count"]').textContent()).toBe('1');
    // Nothing cleared yet; the list stays open so the clearing shows up in it live.
    await flags.locator('summary', { hasText: 'Cleared flags' }).click();
    await flags.getByText('No flag was cleared yet.').waitFor();

    // Tess (trainer) creates a session from the gold safety items; Cleo comes preselected (open flag), Dev is added.
    const tess = await signedIn('tess');
    const tr = tess.page;
    await tr.goto(`${env.t.url}/projects/${projectId}`);
    await tr.locator('[data-testid="link-calibration"]').click();
    const form = tr.locator('[data-testid="create-calibration"]');
    await form.locator('[data-testid="choose-participant"]').first().waitFor({ timeout: 20_000 });
    const items = form.locator('label', { has: tr.locator('[data-testid="choose-item"]') });
    for (const label of await items.all()) {
      const box = label.locator('input');
      const title = ((await label.textContent()) ?? '').trim();
      const wanted = safetyGold.some((g) => title.startsWith(g.prompt.slice(0, 40)));
      if ((await box.isChecked()) !== wanted) await box.setChecked(wanted);
    }
    const chosen = await items.evaluateAll((labels) => labels.filter((l) => (l.querySelector('input') as HTMLInputElement).checked).map((l) => l.textContent?.trim()));
    expect(chosen).toHaveLength(3);
    for (const { prompt } of safetyGold) expect(chosen.some((title) => title?.startsWith(prompt.slice(0, 40)))).toBe(true);
    const people = form.locator('label', { has: tr.locator('[data-testid="choose-participant"]') });
    expect(await people.filter({ hasText: 'Cleo (annotator)' }).locator('input').isChecked()).toBe(true);
    expect(await people.filter({ hasText: 'Cleo (annotator)' }).textContent()).toContain('open flag');
    await people.filter({ hasText: 'Dev (annotator)' }).locator('input').check();
    const participants = await people.evaluateAll((labels) => labels.filter((l) => (l.querySelector('input') as HTMLInputElement).checked).map((l) => l.textContent?.trim()));
    expect(participants).toEqual(['Cleo (annotator)open flag', 'Dev (annotator)']);
    await form.getByLabel('Title').fill('Safety refresher');
    await form.getByRole('button', { name: 'Create session' }).click();
    await tr.waitForURL(/\/calibrations\/cal_/);
    const sessionId = new URL(tr.url()).pathname.split('/').pop()!;
    await tr.getByRole('button', { name: 'Start session' }).click();
    await tr.locator('[data-testid="calibration-state"][data-state="live"]').waitFor();
    await tr.locator('[data-testid="calibration-position"]', { hasText: 'Item 1 of 3' }).waitFor();

    // Cleo and Dev open the room in their own browsers.
    const cleo = await signedIn('cleo');
    const dev = await signedIn('dev');
    for (const { page } of [cleo, dev]) await page.goto(`${env.t.url}/calibrations/${sessionId}`);
    const ticked = (name: string) => tr.locator(`[data-testid="participant"][data-name="${name}"][data-answered="true"]`);

    for (let index = 0; index < safetyGold.length; index++) {
      await tr.locator('[data-testid="calibration-position"]', { hasText: `Item ${index + 1} of 3` }).waitFor();
      expect(await ticked('Cleo (annotator)').count()).toBe(0);
      // Each answers the gold response blind; the trainer sees each tick arrive live.
      await answerLikeGold(cleo.page, index + 1);
      await ticked('Cleo (annotator)').waitFor();
      await answerLikeGold(dev.page, index + 1);
      await ticked('Dev (annotator)').waitFor();

      // The reveal reaches all three: each answer and the gold answer, all on the same (gold) response.
      await tr.getByRole('button', { name: 'Reveal answers' }).click();
      for (const { page } of [tess, cleo, dev]) {
        const reveal = page.locator('[data-testid="calibration-reveal"]');
        await reveal.locator('[data-testid="no-disagreement"]', { hasText: 'with the gold answer too' }).waitFor();
        expect(await reveal.locator('[data-testid="answer-score"]').allInnerTexts()).toEqual(['Cleo (annotator): 100 % of the gold answer', 'Dev (annotator): 100 % of the gold answer']);
        await reveal.getByRole('button', { name: 'Show the answers side by side' }).click();
        const documents = reveal.locator('[data-testid="session-document"]');
        // Each answer document is a region named by its heading.
        const names = () => documents.evaluateAll((sections) => sections.map((s) => document.getElementById(s.getAttribute('aria-labelledby') ?? '')?.textContent?.trim()));
        await expect.poll(names, { timeout: 15_000 }).toEqual(['Cleo (annotator)', 'Dev (annotator)', 'Gold answer']);
        for (const answer of await documents.all()) {
          const preferred = answer.locator('[data-testid="response"]', { has: page.locator('[data-testid="chosen-badge"]') });
          await preferred.waitFor({ timeout: 15_000 });
          const text = (await preferred.textContent()) ?? '';
          expect(safetyGold.some((g) => text.includes(g.goldText))).toBe(true);
        }
      }
      if (index < safetyGold.length - 1) await tr.getByRole('button', { name: 'Next item' }).click();
    }

    await tr.getByRole('button', { name: 'End session' }).click();
    await tr.locator('[data-testid="calibration-state"][data-state="ended"]').waitFor();
    const results = tr.locator('[data-testid="calibration-results"] [data-testid="result-row"]');
    await results.nth(1).waitFor();
    expect(await results.evaluateAll((rows) => rows.map((r) => [r.querySelector('th')?.textContent, r.getAttribute('data-passed')]))).toEqual([
      ['Cleo (annotator)', 'true'],
      ['Dev (annotator)', 'true'],
    ]);
    await results.filter({ hasText: 'Cleo (annotator)' }).locator('[data-testid="cleared-flags"]', { hasText: '1 flag cleared' }).waitFor();
    await cleo.page.locator('[data-testid="result-row"][data-passed="true"] [data-testid="cleared-flags"]').waitFor();

    // Quinn's open page, without a reload: Cleo's flag leaves the open flags and shows as cleared by the session.
    await cleoRow.waitFor({ state: 'detached' });
    await flags.locator('[data-testid="no-flags"]').waitFor();
    await expect.poll(() => q.locator('[data-testid="open-flag-count"]').textContent(), { timeout: 15_000 }).toBe('0');
    const cleared = flags.locator('table[data-testid="cleared-flags"] tbody tr', { hasText: 'Cleo (annotator)' });
    await cleared.waitFor();
    expect(await cleared.innerText()).toContain('safety');
    expect(await cleared.innerText()).toContain('passed a calibration session');
    await q.locator('[data-testid="calibration-history"] [data-testid="calibration-entry"][data-passed="true"]').first().waitFor();
    expect((await quinnApi.call<{ items: QualityFlag[] }>('GET', `/projects/${projectId}/quality/flags?state=cleared`)).items.map((f) => [f.id, f.clearedBySession])).toEqual([[cleoFlag!.id, sessionId]]);

    for (const user of [quinn, tess, cleo, dev]) {
      expect(user.errors).toEqual([]);
      expect(user.dialogs).toEqual([]);
    }
  });
});
