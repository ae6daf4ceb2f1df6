import { readDoc, setRank } from '@concord/annotation-doc';
import { backendName, startTestServer, type TestServer } from '@concord/server/testing';
import type { Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { type Chromium, hasChromium, launchChromium, skipReason } from './browser.ts';
import { browse, editorReady, judge, member, pairItem, pairwiseProject } from './workflow-helpers.ts';

if (!hasChromium) console.warn(skipReason);

const panel = (page: Page) => page.locator('[data-testid="gold-answer"]');
const goldMark = (page: Page, itemId: string) => page.locator(`[data-testid="item-row"][data-item-id="${itemId}"] [data-testid="item-gold"]`);

describe.skipIf(!hasChromium)(hasChromium ? `gold answers made in the web client (${backendName})` : skipReason, () => {
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

  const hasGold = async (itemId: string) => (await t.api.call<{ hasGold: boolean }>('GET', `/items/${itemId}`)).hasGold;

  it('[G1] a trainer edits an item, uses it as the gold answer, sees the gold mark and clears it in the page; an annotator sees no gold control', async () => {
    const projectId = await pairwiseProject(t, 'Kindness gold');
    const tess = await member(t, projectId, 'Tess Trainer', 'trainer');
    const ann = await member(t, projectId, 'Ann Annotator', 'annotator');
    const item = await pairItem(t, projectId, 'kind-1');
    const { content } = await t.api.document<{ content: { responses: { id: string }[] } }>(item.documentId);
    const kinder = content.responses[0]!.id;

    // The trainer opens the item from the project's items panel and judges it.
    const trainer = await browse(chrome, t, tess);
    await trainer.page.goto(`${t.url}/projects/${projectId}`);
    await trainer.page.locator(`[data-testid="item-row"][data-item-id="${item.id}"] [data-testid="item-link"]`).click();
    await trainer.page.waitForURL(new RegExp(`/documents/${item.documentId}$`));
    await editorReady(trainer.page);
    await panel(trainer.page).and(trainer.page.locator('[data-has-gold="false"]')).waitFor();
    expect(await trainer.page.locator('[data-testid="gold-state"]').textContent()).toContain('no gold answer');
    await judge(trainer.page, kinder, 'w');

    // Used as the gold answer once the edit is stored (the button waits for it).
    const use = trainer.page.locator('[data-testid="gold-use"]');
    await expect.poll(() => use.textContent()).toContain('Use this annotation as the gold answer');
    await use.click();
    await panel(trainer.page).and(trainer.page.locator('[data-has-gold="true"]')).waitFor();
    expect(await trainer.page.locator('[data-testid="gold-notice"]').textContent()).toBe('Gold answer set from this annotation.');
    expect(await hasGold(item.id)).toBe(true);

    // The items panel marks the item for the trainer.
    await trainer.page.goto(`${t.url}/projects/${projectId}`);
    await goldMark(trainer.page, item.id).waitFor();

    // The annotator of the same project: no gold control on the document, no gold mark in the list.
    const annotator = await browse(chrome, t, ann);
    await annotator.page.goto(`${t.url}/documents/${item.documentId}`);
    await editorReady(annotator.page);
    expect(await panel(annotator.page).count()).toBe(0);
    await annotator.page.goto(`${t.url}/projects/${projectId}`);
    await annotator.page.locator(`[data-testid="item-row"][data-item-id="${item.id}"]`).waitFor();
    expect(await goldMark(annotator.page, item.id).count()).toBe(0);

    // Clearing asks inside the page; "Keep it" keeps it, "Yes, clear it" clears it.
    await trainer.page.goto(`${t.url}/documents/${item.documentId}`);
    await editorReady(trainer.page);
    await panel(trainer.page).and(trainer.page.locator('[data-has-gold="true"]')).waitFor();
    await trainer.page.locator('[data-testid="gold-clear"]').click();
    await trainer.page.locator('[data-testid="gold-clear-no"]').click();
    expect(await trainer.page.locator('[data-testid="gold-clear-confirm"]').count()).toBe(0);
    expect(await hasGold(item.id)).toBe(true);
    await trainer.page.locator('[data-testid="gold-clear"]').click();
    await trainer.page.locator('[data-testid="gold-clear-yes"]').click();
    await panel(trainer.page).and(trainer.page.locator('[data-has-gold="false"]')).waitFor();
    expect(await hasGold(item.id)).toBe(false);
    await trainer.page.goto(`${t.url}/projects/${projectId}`);
    await trainer.page.locator(`[data-testid="item-row"][data-item-id="${item.id}"]`).waitFor();
    expect(await goldMark(trainer.page, item.id).count()).toBe(0);

    expect([...trainer.dialogs, ...annotator.dialogs]).toEqual([]);
    expect([...trainer.errors, ...annotator.errors]).toEqual([]);
  });

  it('[G1] a refused gold answer is shown in the panel and nothing changes', async () => {
    const projectId = await pairwiseProject(t, 'Ranked gold');
    await t.api.updateConfig(projectId, { preferenceMode: 'ranking' });
    const tess = await member(t, projectId, 'Theo Trainer', 'trainer');
    const item = await t.api.createItem(projectId, {
      externalId: 'rank-1',
      seed: {
        taskType: 'preference',
        prompt: { text: 'Rank these.', media: [] },
        responses: [
          { modelId: 'model-a', text: 'One.' },
          { modelId: 'model-b', text: 'Two.' },
          { modelId: 'model-c', text: 'Three.' },
        ],
      },
    });
    // Only the first response is ranked: no pre-label can say that (annotation-doc A8).
    await seedPartialRanking(t, item.documentId);
    const trainer = await browse(chrome, t, tess);
    await trainer.page.goto(`${t.url}/documents/${item.documentId}`);
    await editorReady(trainer.page);
    await panel(trainer.page).and(trainer.page.locator('[data-has-gold="false"]')).waitFor();
    await trainer.page.locator('[data-testid="gold-use"]').click();
    const error = trainer.page.locator('[data-testid="gold-error"]');
    await error.waitFor();
    expect(await error.textContent()).toContain('unranked');
    expect(await panel(trainer.page).getAttribute('data-has-gold')).toBe('false');
    expect(await hasGold(item.id)).toBe(false);
  });
});

/** Ranks only the first response of a stored document, as a careless editor might. */
async function seedPartialRanking(t: TestServer, documentId: string): Promise<void> {
  const loaded = await t.server.services.store.load(documentId);
  const doc = new Y.Doc();
  for (const part of [loaded.snapshot, ...loaded.tail.map((u) => u.update)]) if (part) Y.applyUpdate(doc, part);
  const view = readDoc(doc);
  if (view.taskType !== 'preference') throw new Error('not a preference document');
  const before = Y.encodeStateVector(doc);
  setRank(doc, view.responses[0]!.id, 1);
  const update = Y.encodeStateAsUpdate(doc, before);
  doc.destroy();
  await t.server.services.store.append(documentId, [{ update, userId: t.api.userId, origin: 'client' }]);
}
