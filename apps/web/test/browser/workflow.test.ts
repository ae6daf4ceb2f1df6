import { backendName, startTestServer, type TestServer } from '@concord/server/testing';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { type Chromium, hasChromium, launchChromium, skipReason } from './browser.ts';
import { browse, chosenId, editorReady, itemState, judge, labelNext, member, pairItem, pairwiseProject, type Person, unfocus, useField } from './workflow-helpers.ts';

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

    // The submission reaches the reviewer's queue live (and a notification); the reviewer claims it and returns it.
    const row = r.page.locator('[data-testid="review-row"]');
    await row.waitFor();
    await r.page.locator('[data-testid="toast"][data-kind="review"]').waitFor();
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
    expect(await a.page.locator('[data-testid="toast"][data-kind="returned"] p').innerText()).toBe(
      'Your work was returned: Incorrect label or choice — The first answer is the kind one.',
    );
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

  it('[D1] [D5] [D6] [A4] two annotators label blind and disagree; the QA lead adjudicates live while an annotator watches, resolves, and the history shows every step', async () => {
    const projectId = await pairwiseProject(t, 'Kindness, blind');
    await t.api.call('PUT', `/projects/${projectId}/workflow`, { overlap: 2, labeling: 'blind', review: false });
    const ana = await member(t, projectId, 'Ana Blind', 'annotator');
    const ben = await member(t, projectId, 'Ben Blind', 'annotator');
    const quinn = await member(t, projectId, 'Quinn QA', 'qa_lead');
    const item = await pairItem(t, projectId, 'kind-2');
    const [kind, rude] = await responseIds(item.documentId);
    const [a, b, q] = [await browse(chrome, t, ana), await browse(chrome, t, ben), await browse(chrome, t, quinn)];

    // The QA lead waits on the disputes page; the annotators label blind and disagree.
    await q.page.goto(`${t.url}/projects/${projectId}/disputes`);
    await q.page.locator('[data-testid="no-disputes"]').waitFor();
    await labelNext(a.page, t, projectId, { responseId: kind, strengthKey: 'w', rationale: 'The first answer is kind and helpful.' });
    await labelNext(b.page, t, projectId, { responseId: rude, strengthKey: 'e', rationale: 'The second answer is short and direct.' });

    // The dispute opens by itself and reaches the QA lead live; Ana, who submitted, watches the room.
    await q.page.locator('[data-testid="dispute-row"]').waitFor();
    await q.page.locator('[data-testid="dispute-link"]').click();
    await q.page.waitForURL(/\/disputes\/dsp_/);
    const disputeId = q.page.url().split('/').pop()!;
    const detail = await t.api.call<{ versions: { assignmentId: string; annotator: { id: string } }[] }>('GET', `/disputes/${disputeId}`);
    const version = (who: Person) => detail.versions.find((v) => v.annotator.id === who.userId)!.assignmentId;
    await a.page.locator('[data-testid="toast"][data-kind="dispute-opened"] [data-testid="toast-link"]').click();
    await a.page.waitForURL(`${t.url}/disputes/${disputeId}`);
    for (const { page } of [q, a]) {
      await page.locator('[data-testid="final-document"] [data-testid="preference-editor"]').waitFor();
      await page.locator('[data-testid="version-row"][data-path="judgement.choice"][data-disagree="true"]').waitFor();
    }
    expect(await a.page.locator('[data-testid="adjudicate"]').count()).toBe(0);

    // Quinn adjudicates; Ana is told who does and sees the final annotation change live.
    await q.page.locator('[data-testid="adjudicate"]').click();
    await q.page.locator('[data-testid="adjudication"][data-adjudicating="true"]').waitFor();
    expect(await a.page.locator('[data-testid="adjudicator"]').innerText({ timeout: 15_000 })).toBe('Quinn QA');
    await a.page.locator('[data-testid="final-read-only"]').waitFor();
    await useField(q.page, 'judgement.choice', version(ben)).click();
    await expect.poll(() => chosenId(a.page)).toBe(rude);
    await expect.poll(() => chosenId(q.page)).toBe(rude);

    // They talk it over in the live comments thread.
    await q.page.locator('[data-testid="comment-input"]').fill('Ben is right: the guideline rewards directness.');
    await q.page.locator('[data-testid="comment-input"]').press('Control+Enter');
    await a.page.locator('[data-testid="comment-text"]', { hasText: 'Ben is right' }).waitFor();
    await a.page.locator('[data-testid="comment-input"]').fill('Fair enough.');
    await a.page.locator('[data-testid="comment-send"]').click();
    await q.page.locator('[data-testid="comment-text"]', { hasText: 'Fair enough.' }).waitFor();

    // Resolving too early is refused with the final annotation's problems; then fields from both versions.
    await q.page.locator('[data-testid="resolve-comment"]').fill('Merged: Ben’s choice and strength, Ana’s rationale.');
    await q.page.locator('[data-testid="resolve"]').click();
    const problems = q.page.locator('[data-testid="resolve-problems"] [data-testid="problem"]');
    await problems.first().waitFor();
    expect(await problems.evaluateAll((els) => els.map((el) => el.getAttribute('data-path')))).toEqual(['judgement.strength', 'rationale']);
    await useField(q.page, 'judgement.strength', version(ben)).click();
    await useField(q.page, 'rationale', version(ana)).click();
    await expect.poll(() => a.page.locator('[data-testid="final-document"] [data-testid="rationale"]').inputValue()).toBe('The first answer is kind and helpful.');
    await q.page.locator('[data-testid="resolve"]').click();
    for (const { page } of [q, a]) await page.locator('[data-testid="dispute-state"][data-state="resolved"]').waitFor();
    expect(await a.page.locator('[data-testid="resolution"]').innerText()).toMatch(/merged field by field/);
    await expect.poll(() => itemState(t, item.id)).toBe('accepted');

    // The item's history shows every step, from the submissions to the acceptance.
    await q.page.locator('[data-testid="dispute-history-link"]').click();
    await q.page.locator('[data-testid="history-state"][data-state="accepted"]').waitFor();
    const actions = await q.page.locator('[data-testid="history-entry"]').evaluateAll((els) => els.map((el) => el.getAttribute('data-action')));
    for (const action of ['assignment.submitted', 'dispute.opened', 'dispute.adjudicating', 'dispute.resolved', 'document.edited', 'item.state']) {
      expect(actions).toContain(action);
    }
    expect(actions.filter((x) => x === 'assignment.submitted')).toHaveLength(2);
    expect(await q.page.locator('[data-testid="history"]').innerText()).toMatch(/to Accepted/);

    for (const user of [a, b, q]) {
      expect(user.errors).toEqual([]);
      expect(user.dialogs).toEqual([]);
    }
  });

  it('[S1] [S2] [Q7] a manager sets the workflow with per-field errors, follows the overview live and assigns an item directly', async () => {
    const projectId = await pairwiseProject(t, 'Managed');
    const mia = await member(t, projectId, 'Mia Manager', 'manager');
    const ana = await member(t, projectId, 'Ana Assigned', 'annotator');
    await pairItem(t, projectId, 'managed-1');
    const second = await pairItem(t, projectId, 'managed-2');
    const m = await browse(chrome, t, mia);

    // Overlap 2 needs blind labeling: said next to the field, then saved once blind.
    await m.page.goto(`${t.url}/projects/${projectId}`);
    await m.page.locator('[data-testid="link-workflow-settings"]').click();
    const settings = m.page.locator('[data-testid="workflow-settings"]');
    await settings.locator('[data-testid="overlap"]').fill('2');
    await settings.locator('[data-testid="workflow-save"]').click();
    expect(await settings.locator('[data-testid="workflow-error"][data-path="overlap"]').innerText()).toMatch(/blind/);
    expect(await settings.locator('[data-testid="overlap"]').getAttribute('aria-invalid')).toBe('true');
    await settings.locator('[data-testid="labeling-blind"]').check();
    await settings.locator('[data-testid="workflow-save"]').click();
    await settings.getByText('Workflow settings saved.').waitFor();
    expect(await t.api.call('GET', `/projects/${projectId}/workflow`)).toMatchObject({ overlap: 2, labeling: 'blind' });

    // The overview: items per state, nobody at work yet; the second item goes to Ana directly.
    await m.page.goto(`${t.url}/projects/${projectId}`);
    await m.page.locator('[data-testid="link-overview"]').click();
    await expect.poll(() => m.page.locator('[data-testid="state-bar"][data-state="todo"] .value').textContent()).toBe('2');
    await m.page.locator('[data-testid="no-annotators"]').waitFor();
    await m.page.locator('[data-testid="assign-item"]').selectOption(second.id);
    await m.page.locator('[data-testid="assign-member"]').selectOption(ana.userId);
    await m.page.locator('[data-testid="assign-submit"]').click();
    await m.page.getByText('Assigned “', { exact: false }).waitFor();

    // Ana's "Start labeling" opens the assigned item; the manager sees her at work live.
    const a = await browse(chrome, t, ana);
    await a.page.goto(`${t.url}/projects/${projectId}/work`);
    await a.page.locator('[data-testid="start-labeling"]').click();
    await editorReady(a.page);
    expect(await a.page.locator('[data-testid="item-line"]').innerText()).toContain('managed-2');
    await expect.poll(() => m.page.locator('[data-testid="state-bar"][data-state="in_progress"] .value').textContent(), { timeout: 10_000 }).toBe('1');
    await m.page.locator(`[data-testid="annotator-row"][data-user-id="${ana.userId}"]`).waitFor({ timeout: 10_000 });

    // Work has started blind: switching to collaborative is refused, next to the labeling choice.
    await m.page.goto(`${t.url}/projects/${projectId}/settings#workflow`);
    await settings.locator('input[name="labeling"][value="collaborative"]').check();
    await settings.locator('[data-testid="overlap"]').fill('1');
    await settings.locator('[data-testid="workflow-save"]').click();
    await settings.locator('[data-testid="workflow-error"][data-path="labeling"]').waitFor();

    for (const user of [m, a]) {
      expect(user.errors).toEqual([]);
      expect(user.dialogs).toEqual([]);
    }
  });
});
