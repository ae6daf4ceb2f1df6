import { backendName, startTestServer, type TestServer } from '@concord/server/testing';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { type Chromium, hasChromium, launchChromium, skipReason } from './browser.ts';
import { browse, chosenId, editorReady, itemState, judge, member, pairItem, pairwiseProject, type Person, unfocus } from './workflow-helpers.ts';

if (!hasChromium) console.warn(skipReason);

describe.skipIf(!hasChromium)(hasChromium ? `the workflow in Chromium (${backendName})` : skipReason, () => {
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

  const responseIds = async (documentId: string) =>
    (await t.api.document<{ content: { responses: { id: string }[] } }>(documentId)).content.responses.map((r) => r.id) as [string, string];

  it('[W13] [R4] an annotator submits, a reviewer returns it with a reason, the annotator fixes it and resubmits, the reviewer accepts', async () => {
    const projectId = await pairwiseProject(t, 'Kindness');
    const ana: Person = await member(t, projectId, 'Ana Annotator', 'annotator');
    const rae: Person = await member(t, projectId, 'Rae Reviewer', 'reviewer');
    const item = await pairItem(t, projectId, 'kind-1');
    const [kind, rude] = await responseIds(item.documentId);
    const a = await browse(chrome, t, ana);
    const r = await browse(chrome, t, rae);

    // The reviewer waits on the review queue; the annotator starts from the project's workflow strip.
    await r.page.goto(`${t.url}/projects/${projectId}/review`);
    await r.page.locator('[data-testid="no-reviews"]').waitFor();
    await a.page.goto(`${t.url}/projects/${projectId}`);
    await expect.poll(() => a.page.locator('[data-testid="count-todo"] dd').textContent()).toBe('1');
    expect(await a.page.locator('[data-testid="link-review"]').count()).toBe(0);
    await a.page.locator('[data-testid="link-work"]').click();
    await a.page.locator('[data-testid="start-labeling"]').click();
    await a.page.waitForURL(/\/documents\/doc_[^?]+\?task=/);
    await editorReady(a.page);
    await a.page.locator('[data-testid="task-bar"][data-status="active"]').waitFor();

    // Submitting too early is refused: the problems are listed, and each leads to its field.
    await a.page.keyboard.press('Control+Enter');
    const problems = a.page.locator('[data-testid="submit-problems"] [data-testid="problem"]');
    await problems.first().waitFor();
    expect(await problems.evaluateAll((els) => els.map((el) => el.getAttribute('data-path')))).toEqual(['judgement.choice', 'judgement.strength', 'rationale']);
    await problems.nth(2).click();
    await expect.poll(() => a.page.evaluate(() => document.activeElement?.getAttribute('data-testid'))).toBe('rationale');
    await a.page.keyboard.type('The second answer sounds more decisive.');

    // Ana picks the rude answer (wrongly) and submits with the keyboard: the editor turns read-only.
    await judge(a.page, rude, 'w');
    await a.page.keyboard.press('Control+Enter');
    await a.page.locator('[data-testid="task-submitted"]').waitFor();
    await a.page.locator('[data-testid="next-task"]').click();
    await a.page.locator('[data-testid="nothing-left"]').waitFor();
    await a.page.locator('a[href$="/work"]', { hasText: 'Labeling queue' }).click();
    await a.page.locator('[data-testid="tasks-waiting"] [data-testid="task-row"]').waitFor();

    // The submission reaches the reviewer's queue live; the reviewer claims it and returns it.
    const row = r.page.locator('[data-testid="review-row"]');
    await row.waitFor();
    expect(await row.locator('td').first().textContent()).toBe('Ana Annotator');
    await row.locator('[data-testid="claim-review"]').click();
    await r.page.waitForURL(/\?review=/);
    await editorReady(r.page);
    await r.page.locator('[data-testid="review-bar"][data-status="active"]').waitFor();
    await r.page.locator('[data-testid="diff-empty"]').waitFor();
    await r.page.locator('[data-testid="decision-return"]').click();
    await expect.poll(() => r.page.locator('[data-testid="decision-form"] .error-text').count()).toBe(2);
    await r.page.locator('[data-testid="decision-reason"]').selectOption('incorrect_label');
    await r.page.locator('[data-testid="decision-comment"]').fill('The first answer is the kind one.');
    await r.page.locator('[data-testid="decision-return"]').click();
    await r.page.locator('[data-testid="review-done"]').waitFor();

    // Ana sees it come back live on her queue, with the reason and the comment, and fixes it.
    await a.page.locator('[data-testid="returned-alert"]').waitFor();
    const returned = a.page.locator('[data-testid="tasks-returned"] [data-testid="task-row"]');
    await returned.waitFor();
    expect(await returned.locator('[data-testid="return-reason"]').innerText()).toBe('Incorrect label or choice: The first answer is the kind one.');
    await returned.locator('[data-testid="task-link"]').click();
    await editorReady(a.page);
    await a.page.locator('[data-testid="task-bar"][data-status="active"]').waitFor();
    expect(await a.page.locator('[data-testid="task-return-comment"]').innerText()).toBe('The first answer is the kind one.');
    await judge(a.page, kind, null);
    await a.page.locator('[data-testid="task-submit"]').click();
    await a.page.locator('[data-testid="task-submitted"]').waitFor();

    // The reviewer claims it again, adjusts the strength (the diff names the reviewer) and accepts.
    await r.page.goto(`${t.url}/projects/${projectId}/review`);
    await r.page.locator('[data-testid="claim-review"]').click();
    await editorReady(r.page);
    await r.page.locator('[data-testid="review-bar"][data-status="active"]').waitFor();
    await expect.poll(() => chosenId(r.page)).toBe(kind);
    await unfocus(r.page);
    await r.page.keyboard.press('q');
    const change = r.page.locator('[data-testid="diff-change"][data-path="judgement.strength"]');
    await change.waitFor();
    expect(await change.locator('[data-testid="diff-by"]').innerText()).toBe('by Rae Reviewer');
    await r.page.keyboard.press('Control+Enter');
    await r.page.locator('[data-testid="review-done"]').waitFor();
    await expect.poll(() => itemState(t, item.id)).toBe('accepted');

    for (const user of [a, r]) {
      expect(user.errors).toEqual([]);
      expect(user.dialogs).toEqual([]);
    }
  });
});
