import { displayOrder } from '@concord/annotation-doc';
import { adminEmail, adminPassword, type Api, backendName, makePng, startTestServer, type TestServer } from '@concord/server/testing';
import type { Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { type Chromium, hasChromium, launchChromium, openTogether, skipReason } from './browser.ts';

const xss = '<img src=x onerror=alert(1)>';

const responseCards = (page: Page) => page.locator('[data-testid="response"]');
const shownOrder = (page: Page) => responseCards(page).evaluateAll((els) => els.map((el) => el.getAttribute('data-response-id')));
const labelIn = (page: Page, responseId: string) => page.locator(`[data-testid="response"][data-response-id="${responseId}"]`).getAttribute('data-label');
const judgementBadge = (page: Page) => page.locator('[data-testid="judgement-provenance"] [data-testid="provenance"]');
const rationaleBadge = (page: Page) => page.locator('[data-path="rationale"] [data-testid="provenance"]').first();
const scoreOf = (page: Page, responseId: string, criterionId: string) =>
  page.locator(`td[data-path="scores.${responseId}:${criterionId}"] [role="radiogroup"]`).getAttribute('data-value');
const chosenId = (page: Page) => page.locator('[data-testid^="choose-"][aria-pressed="true"]').getAttribute('data-response-id');

describe.skipIf(!hasChromium)(hasChromium ? `the preference editor in Chromium (${backendName})` : skipReason, () => {
  let t: TestServer;
  let chrome: Chromium;
  let annotator: Api & { email: string };
  let projectId: string;

  const responseIds = async (documentId: string) =>
    (await t.api.document<{ content: { responses: { id: string }[] } }>(documentId)).content.responses.map((r) => r.id);

  beforeAll(async () => {
    t = await startTestServer();
    chrome = await launchChromium();
    annotator = await t.api.createUser('Bea Annotator');
    projectId = (await t.api.createProject('Helpfulness comparisons', 'preference')).id;
    // The default rubric (accuracy, helpfulness, completeness, harmlessness on 1..7), judged pairwise.
    await t.api.updateConfig(projectId, { preferenceMode: 'pairwise' });
    await t.api.addMember(projectId, annotator.userId, 'annotator');
  });

  afterEach(async () => {
    await chrome?.closeContexts();
  });

  afterAll(async () => {
    await chrome?.close();
    await t?.dispose();
  });

  const open = (documentId: string) =>
    openTogether(chrome, {
      baseUrl: t.url,
      documentId,
      ready: '[data-testid="preference-editor"]',
      people: [{ email: adminEmail, password: adminPassword }, { email: annotator.email, password: 'password-of-Bea Annotator-123' }],
    });

  it('[P1] two people judge one pair live: keys override the model pre-label, a score and the rationale sync, all survive a reload', async () => {
    const image = (await t.api.uploadMedia(projectId, [{ name: 'chart.png', bytes: makePng(5, 4, { paint: () => [30, 90, 220, 255] }) }]))[0]!;
    const { documentId } = await t.api.createItem(projectId, {
      externalId: 'sky-1',
      seed: {
        taskType: 'preference',
        prompt: { text: `Why is the sky blue? ${xss}`, media: [image.id] },
        responses: [
          { modelId: 'brand-alpha', text: 'Because of Rayleigh scattering: short wavelengths scatter more.' },
          { modelId: 'brand-beta', text: `It reflects the ocean. ${xss}` },
        ],
      },
      prelabel: { modelId: 'judge-model', choice: 1, strength: 'better', rationale: 'The second answer is shorter.' },
    });
    const [first, second] = (await responseIds(documentId)) as [string, string];
    const { a, b } = await open(documentId);

    // Each person sees the responses in their own order, labelled A, B in that order; model ids hidden.
    expect(await shownOrder(a.page)).toEqual(displayOrder([first, second], t.api.userId + documentId));
    expect(await shownOrder(b.page)).toEqual(displayOrder([first, second], annotator.userId + documentId));
    for (const { page } of [a, b]) {
      expect(await responseCards(page).evaluateAll((els) => els.map((el) => el.getAttribute('data-label')))).toEqual(['A', 'B']);
      expect(await page.locator('[data-testid="model-id"]').allInnerTexts()).toEqual(['Model hidden', 'Model hidden']);
      await expect.poll(() => page.locator('[data-testid="prompt-media"] img').evaluate((img: HTMLImageElement) => img.naturalWidth)).toBe(5);
      expect(await page.locator('[data-testid="prompt-text"]').innerText()).toBe(`Why is the sky blue? ${xss}`);
      // The model's pre-label: its choice, shown as made by the model.
      await expect.poll(() => chosenId(page)).toBe(second);
      await expect.poll(() => judgementBadge(page).getAttribute('data-kind')).toBe('model_generated');
      await expect.poll(() => rationaleBadge(page).getAttribute('data-kind')).toBe('model_generated');
    }

    // The model ids are revealed on demand (M).
    await a.page.locator('body').click({ position: { x: 5, y: 5 } });
    await a.page.keyboard.press('m');
    await expect.poll(() => a.page.locator('[data-testid="model-id"]').allInnerTexts()).not.toContain('Model hidden');
    await a.page.keyboard.press('m');

    // A picks the other response with its number key, then the strength with E (slightly better).
    const firstLabelForA = await labelIn(a.page, first);
    await a.page.keyboard.press(firstLabelForA === 'A' ? '1' : '2');
    await a.page.keyboard.press('e');

    // B scores "accuracy" of the first response and writes in the rationale.
    const firstLabelForB = await labelIn(b.page, first);
    await b.page.locator(`[data-testid="score-${firstLabelForB}-accuracy-6"]`).click({ force: true });
    const rationale = b.page.locator('[data-testid="rationale"]');
    await rationale.click();
    await b.page.keyboard.press('Control+End');
    await b.page.keyboard.type(' Wrong: the first one explains scattering.');
    const expectedRationale = 'The second answer is shorter. Wrong: the first one explains scattering.';

    for (const { page } of [a, b]) {
      await expect.poll(() => chosenId(page)).toBe(first);
      await expect.poll(() => page.locator('[data-testid="strength-slightly_better"]').getAttribute('aria-pressed')).toBe('true');
      await expect.poll(() => scoreOf(page, first, 'accuracy')).toBe('6');
      await expect.poll(() => page.locator('[data-testid="rationale"]').inputValue()).toBe(expectedRationale);
      // A person changed the model's judgement and rationale: no longer plain "model".
      await expect.poll(() => judgementBadge(page).getAttribute('data-kind')).toBe('model_then_human_edited');
      await expect.poll(() => rationaleBadge(page).getAttribute('data-kind')).toBe('model_then_human_edited');
    }
    // The card of the chosen response says so, on each screen under that screen's letter.
    expect(await b.page.locator(`[data-testid="response"][data-response-id="${first}"] [data-testid="chosen-badge"]`).count()).toBe(1);
    expect(await b.page.locator('[data-testid="judgement-summary"]').innerText()).toBe(`${firstLabelForB} is slightly better than ${firstLabelForB === 'A' ? 'B' : 'A'}.`);

    // Typing in the rationale never fires the shortcuts: "1" and "e" there are text.
    await b.page.keyboard.type(' 1e');
    await expect.poll(() => a.page.locator('[data-testid="rationale"]').inputValue()).toBe(`${expectedRationale} 1e`);
    expect(await chosenId(b.page)).toBe(first);
    expect(await b.page.locator('[data-testid="strength-slightly_better"]').getAttribute('aria-pressed')).toBe('true');

    // After a reload everything is still there, in the same per-person order.
    for (const { page } of [a, b]) {
      await page.reload();
      await page.locator('[data-testid="connection"][data-status="connected"]').waitFor();
      await page.locator('[data-testid="preference-editor"]').waitFor();
      await expect.poll(() => chosenId(page)).toBe(first);
      await expect.poll(() => scoreOf(page, first, 'accuracy')).toBe('6');
      await expect.poll(() => page.locator('[data-testid="rationale"]').inputValue()).toBe(`${expectedRationale} 1e`);
      expect(await page.locator('[data-testid="strength-slightly_better"]').getAttribute('aria-pressed')).toBe('true');
      await expect.poll(() => judgementBadge(page).getAttribute('data-kind')).toBe('model_then_human_edited');
    }
    expect(await shownOrder(a.page)).toEqual(displayOrder([first, second], t.api.userId + documentId));
    expect(await shownOrder(b.page)).toEqual(displayOrder([first, second], annotator.userId + documentId));

    // Untrusted text stayed text.
    for (const user of [a, b]) {
      expect(user.dialogs).toEqual([]);
      expect(await user.page.locator('img[src="x"]').count()).toBe(0);
    }
    expect([...a.errors, ...b.errors]).toEqual([]);
  });

  it('[P2] a quote from a selection is highlighted for both and listed under the rationale; undo takes back only your own change', async () => {
    const { documentId } = await t.api.createItem(projectId, {
      externalId: 'quote-1',
      seed: {
        taskType: 'preference',
        prompt: { text: 'Name a prime number.', media: [] },
        responses: [
          { modelId: 'm1', text: 'Seven is prime.' },
          { modelId: 'm2', text: 'Nine is prime.' },
        ],
      },
    });
    const [first] = (await responseIds(documentId)) as [string, string];
    const { a, b } = await open(documentId);

    // A selects "Seven" in the first response and quotes it with the keyboard.
    await a.page.evaluate((id) => {
      const element = document.querySelector(`[data-quote-source="${id}"]`);
      if (!element) throw new Error('no response text');
      const walker = document.createTreeWalker(element, NodeFilter.SHOW_TEXT);
      let text: Node | null = walker.nextNode();
      while (text && !(text.textContent ?? '').includes('Seven')) text = walker.nextNode();
      if (!text) throw new Error('no "Seven" in the response');
      const at = (text.textContent ?? '').indexOf('Seven');
      const range = document.createRange();
      range.setStart(text, at);
      range.setEnd(text, at + 6); // "Seven " — the trailing space is trimmed
      document.getSelection()?.removeAllRanges();
      document.getSelection()?.addRange(range);
    }, first);
    await expect.poll(() => a.page.locator('[data-testid="quote-button"]').isEnabled()).toBe(true);
    await a.page.keyboard.press('Shift+Q');
    for (const { page } of [a, b]) {
      await expect.poll(() => page.locator('[data-testid="quote"] q').allInnerTexts()).toEqual(['Seven']);
      await expect.poll(() => page.locator(`[data-quote-source="${first}"] mark`).allInnerTexts()).toEqual(['Seven']);
      await expect.poll(() => page.locator('[data-testid="rationale"]').inputValue()).toBe('“Seven”');
    }

    // B scores a response; A's undo removes A's quote but not B's score.
    await b.page.locator('[data-testid="score-A-helpfulness-3"]').click({ force: true });
    const scored = await b.page.locator('[data-testid="response"][data-label="A"]').getAttribute('data-response-id');
    await expect.poll(() => scoreOf(a.page, scored ?? '', 'helpfulness')).toBe('3');
    await a.page.locator('[data-testid="undo"]').click();
    for (const { page } of [a, b]) {
      await expect.poll(() => page.locator('[data-testid="quote"]').count()).toBe(0);
      await expect.poll(() => page.locator('[data-testid="rationale"]').inputValue()).toBe('');
      expect(await scoreOf(page, scored ?? '', 'helpfulness')).toBe('3');
    }
    expect([...a.errors, ...b.errors]).toEqual([]);
  });
  it('[P3] ranking with ties: number keys on focused responses, "tie with above", and drag and drop, live for the other person', async () => {
    const ranking = (await t.api.createProject('Ranked answers', 'preference')).id; // the default config ranks
    await t.api.addMember(ranking, annotator.userId, 'annotator');
    const { documentId } = await t.api.createItem(ranking, {
      seed: {
        taskType: 'preference',
        prompt: { text: 'Name a prime number.', media: [] },
        responses: [
          { modelId: 'm1', text: 'Seven.' },
          { modelId: 'm2', text: 'Nine.' },
          { modelId: 'm3', text: 'Two, the only even prime.' },
        ],
      },
    });
    const { a, b } = await open(documentId);
    const groups = (page: Page) =>
      page.locator('[data-testid="rank-group"]').evaluateAll((els) =>
        els.map((el) => [...el.querySelectorAll('[data-testid="rank-item"]')].map((item) => item.getAttribute('data-response-id')).sort()),
      );
    const card = (label: string) => a.page.locator(`[data-testid="response"][data-label="${label}"]`);
    const idOf = async (label: string) => (await card(label).getAttribute('data-response-id')) ?? '';
    const [idA, idB, idC] = [await idOf('A'), await idOf('B'), await idOf('C')];

    // Keys: C is best, A second, B also second (a tie).
    await card('C').focus();
    // B sees which response A is on (focus awareness), without anything moving.
    await b.page.locator(`[data-testid="response"][data-response-id="${idC}"] [data-testid="focus-marker"][data-user-id="${t.api.userId}"]`).waitFor();
    await a.page.keyboard.press('1');
    await card('A').focus();
    await a.page.keyboard.press('2');
    await card('B').focus();
    await a.page.keyboard.press('2');
    const tied = [[idC], [idA, idB].sort()];
    for (const { page } of [a, b]) await expect.poll(() => groups(page)).toEqual(tied);
    expect(await b.page.locator(`[data-testid="response"][data-response-id="${idC}"] [data-testid="rank-badge"]`).innerText()).toBe('Rank 1');

    // "Tie with above" on A's chip joins C's group; Untie takes it back out below.
    await a.page.locator(`[data-testid="rank-item"][data-response-id="${idA}"] [data-testid="tie-with-above"]`).click();
    for (const { page } of [a, b]) await expect.poll(() => groups(page)).toEqual([[idA, idC].sort(), [idB]]);

    // Drag B onto the gap above the first group: B alone is best, ranks stay 1..k.
    await a.page.locator(`[data-testid="rank-item"][data-response-id="${idB}"]`).dragTo(a.page.locator('[data-testid="ranking"] > li.gap').first());
    for (const { page } of [a, b]) await expect.poll(() => groups(page)).toEqual([[idB], [idA, idC].sort()]);
    expect(await b.page.locator('[data-testid="rank-group"]').evaluateAll((els) => els.map((el) => el.getAttribute('data-rank')))).toEqual(['1', '2']);

    // "0" on a focused chip unranks it.
    await a.page.locator(`[data-testid="rank-item"][data-response-id="${idC}"]`).focus();
    await a.page.keyboard.press('0');
    await expect.poll(() => b.page.locator('[data-testid="unranked"] [data-testid="rank-item"]').evaluateAll((els) => els.map((el) => el.getAttribute('data-response-id')))).toEqual([idC]);
    expect([...a.errors, ...b.errors]).toEqual([]);
  });
});
