import { adminEmail, adminPassword, type Api, backendName, makePng, startTestServer, type TestServer } from '@concord/server/testing';
import type { Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { type Chromium, hasChromium, launchChromium, openDocument, openTogether, signIn, skipReason } from './browser.ts';

const width = 64;
const height = 48;

interface Content {
  caption: string;
  regions: { id: string; label: string; shape: { kind: string; x?: number; y?: number; w?: number; h?: number } }[];
  links: { id: string; regionId: string; start: number; end: number; text: string }[];
}

/** Where an image pixel is on the page, from the drawn image's box. */
async function pagePoint(page: Page, x: number, y: number): Promise<{ x: number; y: number }> {
  const box = await page.locator('[data-testid="canvas-image"]').boundingBox();
  if (!box) throw new Error('the image is not drawn');
  return { x: box.x + (x / width) * box.width, y: box.y + (y / height) * box.height };
}

async function drag(page: Page, from: { x: number; y: number }, to: { x: number; y: number }) {
  const start = await pagePoint(page, from.x, from.y);
  const end = await pagePoint(page, to.x, to.y);
  await page.mouse.move(start.x, start.y);
  await page.mouse.down();
  for (let i = 1; i <= 8; i++) await page.mouse.move(start.x + ((end.x - start.x) * i) / 8, start.y + ((end.y - start.y) * i) / 8);
  await page.mouse.up();
}

/** COCO uncompressed RLE (column-major) of a size×size square at (left, top) in the test image. */
function squareRle(left: number, top: number, size: number): { size: [number, number]; counts: number[] } {
  const counts: number[] = [];
  let value = 0;
  let run = 0;
  for (let x = 0; x < width; x++) {
    for (let y = 0; y < height; y++) {
      const inside = x >= left && x < left + size && y >= top && y < top + size ? 1 : 0;
      if (inside !== value) {
        counts.push(run);
        run = 0;
        value = inside;
      }
      run++;
    }
  }
  counts.push(run);
  return { size: [height, width], counts };
}

const rows = (page: Page) => page.locator('[data-testid="region-row"]');
const linkTexts = (page: Page) => page.locator('[data-testid="link-row"] [data-testid="link-text"]').allTextContents();
const caption = (page: Page) => page.locator('[data-testid="caption"]');

describe.skipIf(!hasChromium)(hasChromium ? `the alignment editor in Chromium (${backendName})` : skipReason, () => {
  let t: TestServer;
  let chrome: Chromium;
  let annotator: Api & { email: string };
  let projectId: string;

  const contentOf = async (documentId: string) => (await t.api.document<{ content: Content }>(documentId)).content;

  beforeAll(async () => {
    t = await startTestServer();
    chrome = await launchChromium();
    annotator = await t.api.createUser('Lin Annotator');
    projectId = (await t.api.createProject('Grounded captions', 'alignment')).id;
    await t.api.addMember(projectId, annotator.userId, 'annotator');
  });

  afterEach(async () => {
    await chrome?.closeContexts();
  });

  afterAll(async () => {
    await chrome?.close();
    await t?.dispose();
  });

  async function createItem(externalId: string, prelabel?: unknown) {
    const image = (await t.api.uploadMedia(projectId, [{ name: 'halves.png', bytes: makePng(width, height, { paint: (x) => (x < width / 2 ? [220, 30, 30, 255] : [30, 60, 220, 255]) }) }]))[0]!;
    expect([image.width, image.height]).toEqual([width, height]);
    return t.api.createItem(projectId, {
      externalId,
      seed: { taskType: 'alignment', image: { mediaId: image.id, width, height }, caption: 'A red square' },
      ...(prelabel ? { prelabel } : {}),
    });
  }

  const ready = '[data-testid="alignment-editor"][data-has-image="true"] [data-testid="canvas-image"]';
  const open = (page: Page, documentId: string) => openDocument(page, { baseUrl: t.url, documentId, ready });

  const openBoth = (documentId: string) =>
    openTogether(chrome, {
      baseUrl: t.url,
      documentId,
      ready,
      people: [{ email: adminEmail, password: adminPassword }, { email: annotator.email, password: 'password-of-Lin Annotator-123' }],
    });

  it('[AL1] one draws a box while the other edits the caption and links a phrase to it; both see it live and after reload', async () => {
    const { documentId } = await createItem('halves-1');
    const { a, b } = await openBoth(documentId);

    // A draws a box over the red half with the mouse.
    await a.page.locator('[data-testid="tool-box"]').click();
    await drag(a.page, { x: 4, y: 6 }, { x: 28, y: 40 });
    await expect.poll(() => rows(a.page).count()).toBe(1);
    await expect.poll(() => rows(b.page).count(), { timeout: 5_000 }).toBe(1);
    await expect.poll(() => b.page.locator('[data-testid="canvas-region"][data-kind="box"]').count()).toBe(1);
    // A has the new box selected: B sees A's focus on it.
    await b.page.locator(`[data-testid="peer-region-focus"][data-user-id="${t.api.userId}"]`).waitFor();

    // B edits the caption, then selects "red square" and clicks the box.
    await caption(b.page).click();
    await b.page.keyboard.press('End');
    await b.page.keyboard.type(' beside a blue one');
    await expect.poll(() => caption(a.page).inputValue()).toBe('A red square beside a blue one');
    await b.page.keyboard.press('Home');
    await b.page.keyboard.press('ArrowRight');
    await b.page.keyboard.press('ArrowRight');
    for (let i = 0; i < 'red square'.length; i++) await b.page.keyboard.press('Shift+ArrowRight');
    await expect.poll(() => b.page.locator('[data-testid="pending-phrase"]').textContent()).toBe('red square');
    await b.page.locator('[data-testid="canvas"]').scrollIntoViewIfNeeded();
    const centre = await pagePoint(b.page, 16, 23);
    await b.page.mouse.click(centre.x, centre.y);
    await expect.poll(() => linkTexts(b.page)).toEqual(['red square']);
    await expect.poll(() => linkTexts(a.page), { timeout: 5_000 }).toEqual(['red square']);
    const regionId = await rows(a.page).first().getAttribute('data-region-id');
    expect(await a.page.locator('[data-testid="link-row"]').getAttribute('data-region-id')).toBe(regionId);
    expect(await a.page.locator('[data-testid="linked-span"]').textContent()).toBe('red square');

    // The link follows its words while A types before them.
    await caption(a.page).click();
    await a.page.keyboard.press('Home');
    await a.page.keyboard.type('Look: ');
    await expect.poll(() => caption(b.page).inputValue()).toBe('Look: A red square beside a blue one');
    await expect.poll(() => b.page.locator('[data-testid="linked-span"]').textContent()).toBe('red square');

    const content = await contentOf(documentId);
    expect(content.caption).toBe('Look: A red square beside a blue one');
    expect(content.regions).toHaveLength(1);
    const shape = content.regions[0]?.shape;
    expect(shape?.kind).toBe('box');
    expect(shape?.x).toBeCloseTo(4, 0);
    expect(shape?.y).toBeCloseTo(6, 0);
    expect(shape?.w).toBeCloseTo(24, 0);
    expect(shape?.h).toBeCloseTo(34, 0);
    expect(content.links).toEqual([expect.objectContaining({ regionId, start: 8, end: 18, text: 'red square' })]);

    for (const user of [a, b]) {
      await user.page.reload();
      await open(user.page, documentId);
      await expect.poll(() => caption(user.page).inputValue()).toBe('Look: A red square beside a blue one');
      await expect.poll(() => rows(user.page).count()).toBe(1);
      expect(await rows(user.page).first().getAttribute('data-region-id')).toBe(regionId);
      await expect.poll(() => linkTexts(user.page)).toEqual(['red square']);
      expect(user.errors).toEqual([]);
    }
    if (process.env.CONCORD_SCREENSHOTS) await b.page.screenshot({ path: `${process.env.CONCORD_SCREENSHOTS}/alignment-editor.png`, fullPage: true });
  });

  it('[AL2] moving and resizing write once per drag; undo takes back only my step; a polygon, labels by number key, delete', async () => {
    const { documentId } = await createItem('halves-2');
    const { a, b } = await openBoth(documentId);
    let updates = 0;
    a.page.on('websocket', (socket) => socket.on('framesent', () => updates++));

    await a.page.locator('[data-testid="canvas"]').focus();
    await a.page.keyboard.press('b');
    await drag(a.page, { x: 10, y: 10 }, { x: 20, y: 20 });
    await expect.poll(() => rows(b.page).count()).toBe(1);
    await a.page.keyboard.press('v');

    // A drags the box by 10 image pixels: many pointer moves, one shape change.
    const before = (await contentOf(documentId)).regions[0]?.shape;
    updates = 0;
    await drag(a.page, { x: 15, y: 15 }, { x: 25, y: 15 });
    await expect.poll(async () => (await contentOf(documentId)).regions[0]?.shape.x).toBeCloseTo((before?.x ?? 0) + 10, 0);
    // A drag of 8 pointer moves sends a handful of frames (the update, awareness), never one per move.
    expect(updates).toBeLessThan(6);

    // Resize from the south-east handle.
    const handle = a.page.locator('[data-testid="handle"][data-handle="se"]');
    const box = await handle.boundingBox();
    if (!box) throw new Error('no handle');
    const target = await pagePoint(a.page, 40, 30);
    await a.page.mouse.move(box.x + box.width / 2, box.y + box.height / 2);
    await a.page.mouse.down();
    await a.page.mouse.move(target.x, target.y, { steps: 5 });
    await a.page.mouse.up();
    await expect.poll(async () => (await contentOf(documentId)).regions[0]?.shape.w).toBeCloseTo(20, 0);

    // Meanwhile B writes the caption; A's undo takes back A's resize only, not B's words.
    await caption(b.page).click();
    await b.page.keyboard.press('End');
    await b.page.keyboard.type(' and more');
    await expect.poll(() => caption(a.page).inputValue()).toBe('A red square and more');
    await a.page.locator('[data-testid="canvas"]').focus();
    await a.page.keyboard.press('Control+z');
    await expect.poll(async () => (await contentOf(documentId)).regions[0]?.shape.w).toBeCloseTo(10, 0);
    expect(await caption(b.page).inputValue()).toBe('A red square and more');
    await a.page.keyboard.press('Control+Shift+z');
    await expect.poll(async () => (await contentOf(documentId)).regions[0]?.shape.w).toBeCloseTo(20, 0);

    // Label by number key: the second label of the default config.
    await a.page.keyboard.press('2');
    await expect.poll(async () => (await contentOf(documentId)).regions[0]?.label).toBe('animal');
    await expect.poll(() => rows(b.page).first().locator('[data-testid="region-name"]').textContent()).toBe('Animal #1');

    // A polygon: three clicks and Enter.
    await a.page.keyboard.press('p');
    for (const [x, y] of [[45, 5], [60, 20], [45, 30]] as const) {
      const at = await pagePoint(a.page, x, y);
      await a.page.mouse.click(at.x, at.y);
    }
    await a.page.keyboard.press('Enter');
    await expect.poll(() => b.page.locator('[data-testid="canvas-region"][data-kind="polygon"]').count()).toBe(1);

    // Delete the selected polygon.
    await a.page.keyboard.press('Delete');
    await expect.poll(() => rows(b.page).count()).toBe(1);
    expect(a.errors).toEqual([]);
    expect(b.errors).toEqual([]);
  });

  it('[AL3] a model pre-label is marked "model" until edited; zoom and fit; a viewer cannot draw', async () => {
    const { documentId } = await createItem('halves-3', {
      modelId: 'grounder-1',
      regions: [
        { ref: 'sq', label: 'object', shape: { kind: 'box', x: 2, y: 2, w: 20, h: 20 } },
        { ref: 'blob', label: 'other', shape: { kind: 'mask', rle: squareRle(40, 10, 10) } },
      ],
      links: [{ start: 2, end: 12, region: 'sq' }],
    });
    const viewer = await t.api.createUser('Vic Viewer');
    await t.api.addMember(projectId, viewer.userId, 'viewer');
    const { a } = await openBoth(documentId);
    const badge = rows(a.page).first().locator('[data-testid="provenance"]');
    await expect.poll(() => badge.getAttribute('data-kind')).toBe('model_generated');
    await expect.poll(() => linkTexts(a.page)).toEqual(['red square']);
    // The mask is decoded and drawn read-only: no handles when selected.
    await a.page.locator('[data-testid="canvas-region"][data-kind="mask"] image').waitFor({ state: 'attached' });
    expect(await rows(a.page).nth(1).textContent()).toContain('Mask · 100 px');
    await rows(a.page).nth(1).locator('button.select').click();
    expect(await a.page.locator('[data-testid="handle"], [data-testid="vertex"]').count()).toBe(0);

    // Zoom in with the keyboard and come back with fit.
    await a.page.locator('[data-testid="canvas"]').focus();
    const fitted = await a.page.locator('[data-testid="zoom-level"]').textContent();
    await a.page.keyboard.press('+');
    await expect.poll(() => a.page.locator('[data-testid="zoom-level"]').textContent()).not.toBe(fitted);
    await a.page.keyboard.press('0');
    await expect.poll(() => a.page.locator('[data-testid="zoom-level"]').textContent()).toBe(fitted);

    // Editing the model's region makes it "model · edited".
    await rows(a.page).first().locator('button.select').click();
    await a.page.locator('[data-testid="canvas"]').focus();
    await a.page.keyboard.press('ArrowRight');
    await expect.poll(() => badge.getAttribute('data-kind')).toBe('model_then_human_edited');

    const vic = await chrome.newUser();
    await signIn(vic.page, t.url, viewer.email, 'password-of-Vic Viewer-123');
    await open(vic.page, documentId);
    expect(await vic.page.locator('[data-testid="tool-box"]').count()).toBe(0);
    await vic.page.locator('[data-testid="canvas"]').focus();
    await vic.page.keyboard.press('b');
    await drag(vic.page, { x: 40, y: 30 }, { x: 60, y: 44 });
    await vic.page.keyboard.press('Delete');
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect((await contentOf(documentId)).regions).toHaveLength(2);
    expect(await vic.page.locator('[data-testid="remove-region"]').count()).toBe(0);
  });

  it('[AL4] questions with evidence and grounded descriptions are shared live; removing a region drops its evidence', async () => {
    const { documentId } = await createItem('halves-4');
    const { a, b } = await openBoth(documentId);
    await a.page.locator('[data-testid="canvas"]').focus();
    await a.page.keyboard.press('b');
    await drag(a.page, { x: 36, y: 8 }, { x: 60, y: 40 });
    await expect.poll(() => rows(b.page).count()).toBe(1);

    await b.page.locator('[data-testid="add-vqa"]').click();
    await b.page.locator('[data-testid="vqa-question"]').click();
    await b.page.keyboard.type('What colour is the right half?');
    await b.page.locator('[data-testid="vqa-answer"]').click();
    await b.page.keyboard.type('Blue');
    await b.page.locator('[data-testid="vqa-evidence"]').click();
    await expect.poll(() => a.page.locator('[data-testid="vqa-question"]').inputValue()).toBe('What colour is the right half?');
    await expect.poll(() => a.page.locator('[data-testid="vqa-answer"]').inputValue()).toBe('Blue');
    await expect.poll(() => a.page.locator('[data-testid="vqa-evidence"]').getAttribute('aria-pressed')).toBe('true');

    await a.page.locator('[data-testid="add-description"]').click();
    await a.page.locator('[data-testid="description-text"]').click();
    await a.page.keyboard.type('The blue half of the picture.');
    await expect.poll(() => b.page.locator('[data-testid="description-text"]').inputValue()).toBe('The blue half of the picture.');

    const content = (await t.api.call<{ content: { vqa: { evidence: string[] }[]; descriptions: { regionId: string; text: string }[] } }>('GET', `/documents/${documentId}`)).content;
    const regionId = await rows(a.page).first().getAttribute('data-region-id');
    expect(content.vqa[0]?.evidence).toEqual([regionId]);
    expect(content.descriptions).toEqual([expect.objectContaining({ regionId, text: 'The blue half of the picture.' })]);

    await b.page.locator('[data-testid="remove-region"]').click();
    await expect.poll(() => rows(a.page).count()).toBe(0);
    await expect.poll(() => a.page.locator('[data-testid="vqa-evidence"]').count()).toBe(0);
    await expect.poll(() => a.page.locator('[data-testid="description-item"] strong').textContent()).toBe('Removed region');
    expect(a.errors).toEqual([]);
    expect(b.errors).toEqual([]);
  });
});
