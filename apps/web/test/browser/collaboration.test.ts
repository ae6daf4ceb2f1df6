import { adminEmail, adminPassword, type Api, backendName, startTestServer, type TestServer } from '@concord/server/testing';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { type Chromium, hasChromium, launchChromium, signIn, skipReason } from './browser.ts';

const xss = '<img src=x onerror=alert(1)>';

if (!hasChromium) console.warn(skipReason);

describe.skipIf(!hasChromium)(hasChromium ? `the web client in Chromium (${backendName})` : skipReason, () => {
  let t: TestServer;
  let chrome: Chromium;
  let projectId: string;
  let annotator: Api & { email: string };
  let outsider: Api & { email: string };
  const password = (name: string) => `password-of-${name}-123`;

  beforeAll(async () => {
    t = await startTestServer();
    chrome = await launchChromium();
    annotator = await t.api.createUser(`Ann ${xss}`);
    outsider = await t.api.createUser('Otto');
    projectId = (await t.api.createProject('Captions')).id;
    await t.api.addMember(projectId, annotator.userId, 'annotator');
  });

  afterEach(async () => {
    await chrome?.closeContexts();
  });

  afterAll(async () => {
    await chrome?.close();
    await t?.dispose();
  });

  it('[W1] a wrong password shows a clear error; signing in leads to the projects page', async () => {
    const { page, context } = await chrome.newUser();
    await page.goto(`${t.url}/signin`);
    await page.locator('input[name="email"]').fill(adminEmail);
    await page.locator('input[name="password"]').fill('wrong password');
    await page.locator('form button[type="submit"]').click();
    await expect.poll(() => page.locator('[role="alert"]').textContent()).toMatch(/\S/);
    await signIn(page, t.url, adminEmail, adminPassword);
    await page.waitForURL(`${t.url}/projects`);
    await page.locator('[data-testid="project-link"]', { hasText: 'Captions' }).waitFor();
    await context.close();
  });

  it('[W2] the admin creates a project and a document, and invites a member, in the UI', async () => {
    const { page, context } = await chrome.newUser();
    await signIn(page, t.url, adminEmail, adminPassword);
    await page.locator('[data-testid="create-project"] input[name="name"]').fill('Grounding');
    await page.locator('[data-testid="create-project"] button[type="submit"]').click();
    await page.locator('[data-testid="project-link"]', { hasText: 'Grounding' }).click();
    await page.waitForURL(/\/projects\/prj_/);
    await page.locator('[data-testid="create-document"] input[name="name"]').fill('image-001');
    await page.locator('[data-testid="create-document"] button[type="submit"]').click();
    await page.locator('[data-testid="document-link"]', { hasText: 'image-001' }).waitFor();
    await page.locator('[data-testid="add-member"] input[name="email"]').fill(outsider.email);
    await page.locator('[data-testid="add-member"] select[name="role"]').selectOption('reviewer');
    await page.locator('[data-testid="add-member"] button[type="submit"]').click();
    await page.getByText(outsider.email).waitFor();
    await context.close();
  });

  it('[W3] two users edit one caption live, see each other and their carets, and the text survives a reload', async () => {
    const { id } = await t.api.createDocument(projectId, 'beach.jpg');
    const admin = await chrome.newUser();
    const ann = await chrome.newUser();
    await signIn(admin.page, t.url, adminEmail, adminPassword);
    await signIn(ann.page, t.url, annotator.email, password(`Ann ${xss}`));
    await admin.page.goto(`${t.url}/documents/${id}`);
    await ann.page.goto(`${t.url}/documents/${id}`);
    const adminCaption = admin.page.locator('[data-testid="caption"]');
    const annCaption = ann.page.locator('[data-testid="caption"]');
    await admin.page.locator('[data-testid="connection"][data-status="connected"]').waitFor();
    await ann.page.locator('[data-testid="connection"][data-status="connected"]').waitFor();

    await adminCaption.click();
    await admin.page.keyboard.type('A dog on a beach');
    const started = Date.now();
    await expect.poll(() => annCaption.inputValue(), { timeout: 5_000 }).toBe('A dog on a beach');
    expect(Date.now() - started).toBeLessThan(1_000);

    // Ann types at the end; the admin's caret must not move, and the admin sees Ann's caret.
    await annCaption.click();
    await ann.page.keyboard.press('End');
    await ann.page.keyboard.type(`, ${xss}`);
    await expect.poll(() => adminCaption.inputValue()).toBe(`A dog on a beach, ${xss}`);
    await expect
      .poll(() => admin.page.locator(`[data-testid="remote-caret"][data-user-id="${annotator.userId}"] .caret-label`).textContent())
      .toContain('Ann');
    expect(await admin.page.locator(`[data-testid="remote-caret"][data-user-id="${annotator.userId}"] .caret-label`).isVisible()).toBe(true);
    await admin.page.locator('[data-testid="peer"]', { hasText: 'Ann' }).waitFor();
    await ann.page.locator('[data-testid="peer"]', { hasText: 'Administrator' }).waitFor();

    await ann.page.reload();
    await expect.poll(() => ann.page.locator('[data-testid="caption"]').inputValue()).toBe(`A dog on a beach, ${xss}`);

    // Untrusted text is shown as text: no script ran anywhere, no element was injected.
    for (const user of [admin, ann]) {
      expect(user.dialogs).toEqual([]);
      expect(await user.page.locator('img[src="x"]').count()).toBe(0);
    }
    await admin.context.close();
    await ann.context.close();
  });

  it('[W4] who is online in a project is shown live', async () => {
    const admin = await chrome.newUser();
    const ann = await chrome.newUser();
    await signIn(admin.page, t.url, adminEmail, adminPassword);
    await signIn(ann.page, t.url, annotator.email, password(`Ann ${xss}`));
    await admin.page.goto(`${t.url}/projects/${projectId}`);
    await ann.page.goto(`${t.url}/projects/${projectId}`);
    await admin.page.locator('[data-testid="online-user"]', { hasText: 'Ann' }).waitFor();
    await ann.page.close();
    await expect
      .poll(() => admin.page.locator('[data-testid="online-user"]', { hasText: 'Ann' }).count(), { timeout: 10_000 })
      .toBe(0);
    expect(admin.dialogs).toEqual([]);
    await admin.context.close();
    await ann.context.close();
  });

  it('[W5] a user without access gets the no-access page', async () => {
    const { id } = await t.api.createDocument(projectId, 'secret.jpg');
    const { page, context } = await chrome.newUser();
    await signIn(page, t.url, outsider.email, password('Otto'));
    await page.goto(`${t.url}/documents/${id}`);
    await expect.poll(() => page.locator('[data-testid="no-access"]').textContent()).toContain('Not found or no access');
    await page.goto(`${t.url}/projects/${projectId}`);
    await page.locator('[data-testid="no-access"]').waitFor();
    await context.close();
  });

  it('[W6] an expired or revoked session leads back to the sign-in page', async () => {
    const { page, context } = await chrome.newUser();
    await signIn(page, t.url, annotator.email, password(`Ann ${xss}`));
    const token = await page.evaluate(() => JSON.parse(localStorage.getItem('concord.session') ?? '{}').token as string);
    await fetch(`${t.url}/api/v1/auth/logout`, { method: 'POST', headers: { authorization: `Bearer ${token}` } });
    await page.goto(`${t.url}/projects`);
    await page.waitForURL(/\/signin/);
    await context.close();
  });

  it('[W7] a caret stays on its character when someone types before it; a viewer reads along without editing', async () => {
    const viewer = await t.api.createUser('Vera');
    await t.api.addMember(projectId, viewer.userId, 'viewer');
    const { id } = await t.api.createDocument(projectId, 'cat.jpg');
    const admin = await chrome.newUser();
    const ann = await chrome.newUser();
    const vera = await chrome.newUser();
    await signIn(admin.page, t.url, adminEmail, adminPassword);
    await signIn(ann.page, t.url, annotator.email, password(`Ann ${xss}`));
    await signIn(vera.page, t.url, viewer.email, password('Vera'));
    for (const user of [admin, ann, vera]) {
      await user.page.goto(`${t.url}/documents/${id}`);
      await user.page.locator('[data-testid="connection"][data-status="connected"]').waitFor();
    }
    const adminCaption = admin.page.locator('[data-testid="caption"]');
    await adminCaption.click();
    await admin.page.keyboard.type('a cat');
    // The admin's caret sits between "a " and "cat".
    await admin.page.keyboard.press('Home');
    await admin.page.keyboard.press('ArrowRight');
    await admin.page.keyboard.press('ArrowRight');
    const annCaption = ann.page.locator('[data-testid="caption"]');
    await expect.poll(() => annCaption.inputValue()).toBe('a cat');
    await annCaption.click();
    await ann.page.keyboard.press('Home');
    await ann.page.keyboard.type('Photo: ');
    await expect.poll(() => adminCaption.inputValue()).toBe('Photo: a cat');
    expect(await adminCaption.evaluate((el: HTMLTextAreaElement) => [el.selectionStart, el.selectionEnd])).toEqual([9, 9]);

    const veraCaption = vera.page.locator('[data-testid="caption"]');
    await expect.poll(() => veraCaption.inputValue()).toBe('Photo: a cat');
    expect(await veraCaption.getAttribute('readonly')).not.toBeNull();
    await veraCaption.click();
    await vera.page.keyboard.type('vandal');
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(await adminCaption.inputValue()).toBe('Photo: a cat');
  });

  it('[W8] the projects list updates live when the user is added to a project', async () => {
    const newcomer = await t.api.createUser('Nia');
    const { page } = await chrome.newUser();
    await signIn(page, t.url, newcomer.email, password('Nia'));
    await page.waitForURL(`${t.url}/projects`);
    const project = await t.api.createProject('Late addition');
    await t.api.addMember(project.id, newcomer.userId, 'annotator');
    await page.locator('[data-testid="project-link"]', { hasText: 'Late addition' }).waitFor({ timeout: 5_000 });
  });

  it('[W9] nothing moves when a collaborator joins', async () => {
    const { id } = await t.api.createDocument(projectId, 'layout.jpg');
    const admin = await chrome.newUser();
    await signIn(admin.page, t.url, adminEmail, adminPassword);
    await admin.page.goto(`${t.url}/documents/${id}`);
    await admin.page.locator('[data-testid="connection"][data-status="connected"]').waitFor();
    const caption = admin.page.locator('[data-testid="caption"]');
    const before = await caption.boundingBox();
    const ann = await chrome.newUser();
    await signIn(ann.page, t.url, annotator.email, password(`Ann ${xss}`));
    await ann.page.goto(`${t.url}/documents/${id}`);
    await admin.page.locator('[data-testid="peer"]', { hasText: 'Ann' }).waitFor();
    expect(await caption.boundingBox()).toEqual(before);
  });

  it('[W10] offline edits are kept and shown as pending, then sync when the connection returns', async () => {
    const { id } = await t.api.createDocument(projectId, 'offline.jpg');
    const admin = await chrome.newUser();
    const ann = await chrome.newUser();
    await signIn(admin.page, t.url, adminEmail, adminPassword);
    await signIn(ann.page, t.url, annotator.email, password(`Ann ${xss}`));
    await admin.page.goto(`${t.url}/documents/${id}`);
    await ann.page.goto(`${t.url}/documents/${id}`);
    for (const user of [admin, ann]) await user.page.locator('[data-testid="connection"][data-status="connected"]').waitFor();
    await ann.context.setOffline(true);
    await ann.page.locator('[data-testid="connection"][data-status="offline"]').waitFor();
    await ann.page.locator('[data-testid="caption"]').click();
    await ann.page.keyboard.type('written offline');
    await expect.poll(() => ann.page.locator('[data-testid="connection"]').textContent()).toMatch(/pending/i);
    expect(await admin.page.locator('[data-testid="caption"]').inputValue()).toBe('');
    await ann.context.setOffline(false);
    await expect.poll(() => admin.page.locator('[data-testid="caption"]').inputValue(), { timeout: 15_000 }).toBe('written offline');
    await ann.page.locator('[data-testid="connection"][data-status="connected"]').waitFor();
    await expect.poll(() => ann.page.locator('[data-testid="connection"]').textContent()).not.toMatch(/pending/i);
  });
});
