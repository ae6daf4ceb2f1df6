import { readFileSync } from 'node:fs';
import { adminEmail, adminPassword, type Api, backendName, makePng, startTestServer, type TestServer } from '@concord/server/testing';
import type { Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { type Chromium, hasChromium, launchChromium, openTogether, skipReason } from './browser.ts';

/** A WAV file of `seconds` of silence (8 kHz, 8-bit mono). */
function makeWav(seconds: number): Buffer<ArrayBuffer> {
  const rate = 8000;
  const samples = Math.round(rate * seconds);
  const out = Buffer.alloc(44 + samples, 0x80);
  out.write('RIFF', 0, 'latin1');
  out.writeUInt32LE(36 + samples, 4);
  out.write('WAVEfmt ', 8, 'latin1');
  out.writeUInt32LE(16, 16);
  out.writeUInt16LE(1, 20);
  out.writeUInt16LE(1, 22);
  out.writeUInt32LE(rate, 24);
  out.writeUInt32LE(rate, 28);
  out.writeUInt16LE(1, 32);
  out.writeUInt16LE(8, 34);
  out.write('data', 36, 'latin1');
  out.writeUInt32LE(samples, 40);
  return out;
}

// Audio plays from an object URL (the bytes need the bearer token), which the page's CSP must allow.
const cspAllowsBlobMedia = /'media-src':\s*\[[^\]]*'blob:'/.test(readFileSync(new URL('../../svelte.config.js', import.meta.url), 'utf8'));
const audioSkipReason = "skipped: the page's Content-Security-Policy has no media-src 'self' blob: (apps/web/svelte.config.js), so audio cannot play";
if (hasChromium && !cspAllowsBlobMedia) console.warn(`[I4] ${audioSkipReason}`);

const turn = (page: Page, role: string) => page.locator(`[data-testid="turn"][data-role="${role}"]`);
const badge = (page: Page, role: string) => turn(page, role).locator('[data-testid="provenance"]');

describe.skipIf(!hasChromium)(hasChromium ? `the instruction editor in Chromium (${backendName})` : skipReason, () => {
  let t: TestServer;
  let chrome: Chromium;
  let annotator: Api & { email: string };
  let projectId: string;

  beforeAll(async () => {
    t = await startTestServer();
    chrome = await launchChromium();
    annotator = await t.api.createUser('Bea Annotator');
    projectId = (await t.api.createProject('Visual instructions', 'instruction')).id;
    await t.api.addMember(projectId, annotator.userId, 'annotator');
  });

  afterEach(async () => {
    await chrome?.closeContexts();
  });

  afterAll(async () => {
    await chrome?.close();
    await t?.dispose();
  });

  const openItem = (documentId: string) =>
    openTogether(chrome, {
      baseUrl: t.url,
      documentId,
      ready: '[data-testid="instruction-editor"]',
      people: [{ email: adminEmail, password: adminPassword }, { email: annotator.email, password: 'password-of-Bea Annotator-123' }],
    });

  async function createItem(externalId: string) {
    const image = (await t.api.uploadMedia(projectId, [{ name: 'square.png', bytes: makePng(4, 3, { paint: () => [220, 30, 30, 255] }) }]))[0]!;
    return t.api.createItem(projectId, {
      externalId,
      tags: ['pilot', 'images'],
      seed: {
        taskType: 'instruction',
        media: [{ kind: 'image', mediaId: image.id, width: image.width, height: image.height }],
        turns: [{ role: 'user', text: 'What is in the picture?', media: [image.id] }],
      },
      prelabel: { modelId: 'vlm-small', promptVersion: 'v3', turns: [{ role: 'assistant', text: 'A red square.' }], style: 'question' },
    });
  }

  it('[I1] two people co-edit an item: the model turn turns "model · edited", a new turn, problems, undo and reload', async () => {
    const { documentId } = await createItem('square-1');
    const { a, b } = await openItem(documentId);

    for (const { page } of [a, b]) {
      await expect.poll(() => page.locator('[data-testid="turn"]').count()).toBe(2);
      await expect.poll(() => badge(page, 'assistant').getAttribute('data-kind')).toBe('model_generated');
      expect(await badge(page, 'assistant').innerText()).toContain('model');
      // The image arrives through the authenticated media loader.
      await expect.poll(() => page.locator('[data-testid="media-image"] img').evaluate((img: HTMLImageElement) => img.naturalWidth)).toBe(4);
      expect(await page.locator('[data-testid="item-tag"]').allInnerTexts()).toEqual(['pilot', 'images']);
      await expect.poll(() => page.locator('[data-testid="problem-list"]').getAttribute('data-count')).toBe('0');
    }

    // A edits the model's answer: both see the badge change, and B sees where A is.
    const assistantText = turn(a.page, 'assistant').locator('[data-testid="turn-text"]');
    await assistantText.click();
    await a.page.keyboard.press('End');
    // One input event, so one undo step below: typed keystrokes further apart than the undo manager's
    // 500 ms capture window (a loaded machine) would be separate steps, and undo would take back only the last.
    await a.page.keyboard.insertText(' On white.');
    for (const { page } of [a, b]) {
      await expect.poll(() => badge(page, 'assistant').getAttribute('data-kind')).toBe('model_then_human_edited');
      expect(await badge(page, 'assistant').innerText()).toContain('model · edited');
    }
    await expect.poll(() => turn(b.page, 'assistant').locator('[data-testid="turn-text"]').inputValue()).toBe('A red square. On white.');
    await turn(b.page, 'assistant').locator(`[data-testid="focus-marker"][data-user-id="${t.api.userId}"]`).waitFor();

    // B adds a turn (Ctrl+Enter after the assistant turn: a user turn); it is empty, so a problem shows for both.
    await turn(b.page, 'assistant').locator('[data-testid="turn-text"]').click();
    await b.page.keyboard.press('Control+Enter');
    await expect.poll(() => b.page.locator('[data-testid="turn"]').count()).toBe(3);
    // Problems name the turn by its id, like provenance does.
    const newTurnId = await b.page.locator('[data-testid="turn"]').nth(2).getAttribute('data-turn-id');
    for (const { page } of [a, b]) {
      await expect.poll(() => page.locator(`[data-testid="problem"][data-path="turns.${newTurnId}.text"]`).count()).toBe(1);
    }
    // The new turn has the keyboard: B types the follow-up question and the problem goes away.
    await b.page.keyboard.type('And the background?');
    for (const { page } of [a, b]) {
      await expect.poll(() => page.locator('[data-testid="problem-list"]').getAttribute('data-count')).toBe('0');
      await expect.poll(() => page.locator('[data-testid="turn"]').nth(2).locator('[data-testid="turn-text"]').inputValue()).toBe('And the background?');
    }

    // A's undo takes back only A's edit, never B's turn.
    await assistantText.click();
    await a.page.keyboard.press('Control+z');
    for (const { page } of [a, b]) {
      await expect.poll(() => turn(page, 'assistant').locator('[data-testid="turn-text"]').inputValue()).toBe('A red square.');
      await expect.poll(() => badge(page, 'assistant').getAttribute('data-kind')).toMatch(/^model_/);
      expect(await page.locator('[data-testid="turn"]').count()).toBe(3);
    }
    await a.page.keyboard.press('Control+Shift+z');
    await expect.poll(() => turn(b.page, 'assistant').locator('[data-testid="turn-text"]').inputValue()).toBe('A red square. On white.');

    // After a reload, both see the same conversation.
    const texts = (page: Page) => page.locator('[data-testid="turn-text"]').evaluateAll((els) => els.map((el) => (el as HTMLTextAreaElement).value));
    const roles = (page: Page) => page.locator('[data-testid="turn"]').evaluateAll((els) => els.map((el) => el.getAttribute('data-role')));
    const expected = ['What is in the picture?', 'A red square. On white.', 'And the background?'];
    for (const { page } of [a, b]) {
      await page.reload();
      await page.locator('[data-testid="connection"][data-status="connected"]').waitFor();
      await expect.poll(() => texts(page)).toEqual(expected);
      expect(await roles(page)).toEqual(['user', 'assistant', 'user']);
      await expect.poll(() => badge(page, 'assistant').getAttribute('data-kind')).toBe('model_then_human_edited');
      expect(await page.locator('[data-testid="instruction-style"]').inputValue()).toBe('question');
    }
    expect([...a.errors, ...b.errors]).toEqual([]);
  });

  it('[I2] clearing the style shows a problem that leads to the field; choosing one fixes it', async () => {
    const { documentId } = await createItem('square-2');
    const { a, b } = await openItem(documentId);
    await a.page.locator('[data-testid="instruction-style"]').selectOption('');
    const problem = b.page.locator('[data-testid="problem"][data-path="instruction.style"]');
    await problem.waitFor();
    await problem.click();
    await expect.poll(() => b.page.evaluate(() => document.activeElement?.getAttribute('data-testid'))).toBe('instruction-style');
    await b.page.locator('[data-testid="instruction-style"]').selectOption('creative');
    // A's own problem list may not have shown the problem yet when B fixes it, so wait for the value first.
    await expect.poll(() => a.page.locator('[data-testid="instruction-style"]').inputValue()).toBe('creative');
    await expect.poll(() => a.page.locator('[data-testid="problem"]').count()).toBe(0);
  });

  it('[I3] keyboard: Alt+↓ moves between turns, Alt+Shift+↑ moves a turn, the buttons too', async () => {
    const { documentId } = await createItem('square-3');
    const { a, b } = await openItem(documentId);
    await a.page.locator('[data-testid="turn-text"]').first().click();
    await a.page.keyboard.press('Alt+ArrowDown');
    await expect.poll(() => a.page.evaluate(() => document.activeElement?.closest('[data-testid="turn"]')?.getAttribute('data-role'))).toBe('assistant');
    await a.page.keyboard.press('Alt+Shift+ArrowUp');
    const roles = (page: Page) => page.locator('[data-testid="turn"]').evaluateAll((els) => els.map((el) => el.getAttribute('data-role')));
    for (const { page } of [a, b]) await expect.poll(() => roles(page)).toEqual(['assistant', 'user']);
    await b.page.locator('[data-testid="turn"]').first().locator('[data-testid="turn-down"]').click();
    for (const { page } of [a, b]) await expect.poll(() => roles(page)).toEqual(['user', 'assistant']);
    await b.page.locator('[data-testid="turn"]').first().locator('[data-testid="turn-role"]').selectOption('system');
    for (const { page } of [a, b]) await expect.poll(() => roles(page)).toEqual(['system', 'assistant']);
    // With no user turn left, the conversation is invalid.
    await a.page.locator('[data-testid="problem"][data-path="turns"]').waitFor();
  });

  it.skipIf(!cspAllowsBlobMedia)('[I4] an audio item: segments follow the playhead, can be timed from it and added at it; the summary is shared', async () => {
    const audio = (await t.api.uploadMedia(projectId, [{ name: 'talk.wav', bytes: makeWav(6) }]))[0]!;
    const { documentId } = await t.api.createItem(projectId, {
      externalId: 'talk-1',
      seed: {
        taskType: 'instruction',
        media: [{ kind: 'audio', mediaId: audio.id }],
        turns: [{ role: 'user', text: 'Summarise the recording.', media: [audio.id] }],
      },
      prelabel: {
        modelId: 'asr-1',
        turns: [{ role: 'assistant', text: 'Two people greet each other.' }],
        style: 'command',
        transcript: [
          { start: 0, end: 2, speaker: 'A', text: 'Hello.' },
          { start: 2, end: 4, speaker: 'B', text: 'Hi there.' },
        ],
        summary: 'A greeting.',
      },
    });
    const { a, b } = await openItem(documentId);
    const player = a.page.locator('[data-testid="audio"]');
    await player.waitFor();
    await expect.poll(() => player.evaluate((el: HTMLAudioElement) => el.duration)).toBeCloseTo(6, 1);
    await expect.poll(() => b.page.locator('[data-testid="segment"]').count()).toBe(2);
    expect(await b.page.locator('[data-testid="summary"]').inputValue()).toBe('A greeting.');

    // Clicking the second segment's ▶ seeks there and highlights it.
    await a.page.locator('[data-testid="segment"]').nth(1).locator('[data-testid="segment-play"]').click();
    await expect.poll(() => player.evaluate((el: HTMLAudioElement) => el.currentTime)).toBeCloseTo(2, 1);
    await expect.poll(() => a.page.locator('[data-testid="segment"]').nth(1).getAttribute('aria-current')).toBe('true');

    // Alt+N adds a segment at the playhead (4.5 s), which B sees.
    await player.evaluate((el: HTMLAudioElement) => (el.currentTime = 4.5));
    await a.page.locator('[data-testid="summary"]').click();
    await a.page.keyboard.press('Alt+KeyN');
    await expect.poll(() => b.page.locator('[data-testid="segment"]').count()).toBe(3);
    await a.page.keyboard.type('Bye.');
    const third = b.page.locator('[data-testid="segment"]').nth(2);
    await expect.poll(() => third.locator('[data-testid="segment-start"]').inputValue()).toBe('4.5');
    await expect.poll(() => third.locator('[data-testid="segment-text"]').inputValue()).toBe('Bye.');

    // "Set end from playhead" on the first segment.
    await player.evaluate((el: HTMLAudioElement) => (el.currentTime = 1.25));
    await a.page.locator('[data-testid="segment"]').first().locator('[data-testid="segment-end-playhead"]').click();
    await expect.poll(() => b.page.locator('[data-testid="segment"]').first().locator('[data-testid="segment-end"]').inputValue()).toBe('1.25');
    expect([...a.errors, ...b.errors]).toEqual([]);
  });
});
