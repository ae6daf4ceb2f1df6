import type { Api, TestServer } from '@concord/server/testing';
import type { Page } from 'playwright-core';
import { expect } from 'vitest';
import { type Chromium, signIn } from './browser.ts';

export const xss = '<img src=x onerror=alert(1)>';
export const password = (name: string) => `password-of-${name}-123`;

/** One person in a test: their API client and, once signed in, their browser page. */
export type Person = Api & { email: string; name: string };

/** A member of the project with a role, signed up through the admin. */
export async function member(t: TestServer, projectId: string, name: string, role: string): Promise<Person> {
  const user = await t.api.createUser(name);
  await t.api.addMember(projectId, user.userId, role);
  return { ...user, name };
}

/** A preference project judged pairwise without required scores, so choosing and a strength complete it. */
export async function pairwiseProject(t: TestServer, name: string): Promise<string> {
  const { id } = await t.api.createProject(name, 'preference');
  await t.api.updateConfig(id, { preferenceMode: 'pairwise', requireAllScores: false });
  return id;
}

/** A preference item with two responses; returns the item and its document. */
export function pairItem(t: TestServer, projectId: string, externalId: string) {
  return t.api.createItem(projectId, {
    externalId,
    seed: {
      taskType: 'preference',
      prompt: { text: `Which answer is kinder? ${xss}`, media: [] },
      responses: [
        { modelId: 'model-a', text: 'Take a deep breath; you will manage it.' },
        { modelId: 'model-b', text: `Figure it out yourself. ${xss}` },
      ],
    },
  });
}

/** A signed-in browser user whose page errors and dialogs are collected. */
export async function browse(chrome: Chromium, t: TestServer, person: { email: string; name: string }) {
  const user = await chrome.newUser();
  await signIn(user.page, t.url, person.email, password(person.name));
  return user;
}

/** The response id chosen on a page (pairwise), or null. */
export const chosenId = (page: Page) => page.locator('[data-testid^="choose-"][aria-pressed="true"]').getAttribute('data-response-id');

/** Puts the keyboard on the page itself, where the editors' single-key shortcuts act (a click in `main` focuses main). */
export async function unfocus(page: Page): Promise<void> {
  await page.locator('body').click({ position: { x: 5, y: 5 } });
}

/** Presses the key choosing a response (by its letter on that page) and a strength key. */
export async function judge(page: Page, responseId: string, strengthKey: string | null): Promise<void> {
  const label = await page.locator(`[data-testid="response"][data-response-id="${responseId}"]`).getAttribute('data-label');
  await unfocus(page);
  await page.keyboard.press(label === 'A' ? '1' : '2');
  if (strengthKey) await page.keyboard.press(strengthKey);
  await expect.poll(() => chosenId(page)).toBe(responseId);
}

/** Waits until the page shows the document connected and its editor. */
export async function editorReady(page: Page, editor = '[data-testid="preference-editor"]'): Promise<void> {
  await page.locator('[data-testid="connection"][data-status="connected"]').waitFor();
  await page.locator(editor).waitFor();
}

/** The item's state through the API. */
export async function itemState(t: TestServer, itemId: string): Promise<string> {
  return (await t.api.call<{ state: string }>('GET', `/items/${itemId}/history`)).state;
}

/** Takes the next task from the labeling queue, judges it, writes a rationale and submits it with Ctrl+Enter. */
export async function labelNext(page: Page, t: TestServer, projectId: string, answer: { responseId: string; strengthKey: string; rationale: string }) {
  await page.goto(`${t.url}/projects/${projectId}/work`);
  await page.locator('[data-testid="start-labeling"]').click();
  await page.waitForURL(/\?task=/);
  await editorReady(page);
  await page.locator('[data-testid="task-bar"][data-status="active"]').waitFor();
  await judge(page, answer.responseId, answer.strengthKey);
  await page.locator('[data-testid="rationale"]').click();
  await page.keyboard.type(answer.rationale);
  await unfocus(page);
  await page.keyboard.press('Control+Enter');
  await page.locator('[data-testid="task-submitted"]').waitFor();
}

/** The "Use this" button of a field in one version's column of the adjudication room. */
export const useField = (page: Page, path: string, assignmentId: string) =>
  page.locator(`[data-testid="version-row"][data-path="${path}"] [data-testid="version-cell"][data-assignment-id="${assignmentId}"] [data-testid="use-field"]`);
