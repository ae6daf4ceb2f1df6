import { existsSync } from 'node:fs';
import { type Browser, type BrowserContext, chromium, type Page } from 'playwright-core';

/** Debian's Chromium (`apt-get install chromium`), or CONCORD_CHROMIUM. */
export const chromiumPath = process.env.CONCORD_CHROMIUM ?? '/usr/bin/chromium';
export const hasChromium = existsSync(chromiumPath);
export const skipReason = `browser tests skipped: no Chromium at ${chromiumPath} (apt-get install chromium, or set CONCORD_CHROMIUM)`;

const flags = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

export interface Chromium {
  browser: Browser;
  /** A fresh, isolated browser context (its own storage) at 1280x800 that records dialogs and page errors. */
  newUser(): Promise<{ context: BrowserContext; page: Page; dialogs: string[]; errors: string[] }>;
  /** Closes every context still open (after each test, so a failed test leaves nobody online). */
  closeContexts(): Promise<void>;
  close(): Promise<void>;
}

export async function launchChromium(): Promise<Chromium> {
  // Playwright gives every launch a fresh, temporary user-data-dir of its own.
  const browser = await chromium.launch({ executablePath: chromiumPath, args: flags });
  const contexts = new Set<BrowserContext>();
  return {
    browser,
    async newUser() {
      const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
      contexts.add(context);
      context.on('close', () => contexts.delete(context));
      const page = await context.newPage();
      const dialogs: string[] = [];
      const errors: string[] = [];
      page.on('dialog', (dialog) => {
        dialogs.push(dialog.message());
        void dialog.dismiss();
      });
      page.on('pageerror', (error) => errors.push(error.message));
      return { context, page, dialogs, errors };
    },
    async closeContexts() {
      await Promise.all([...contexts].map((context) => context.close()));
    },
    async close() {
      await browser.close();
    },
  };
}

/** Signs in through the sign-in page. */
export async function signIn(page: Page, baseUrl: string, email: string, password: string): Promise<void> {
  await page.goto(`${baseUrl}/signin`);
  await page.locator('input[name="email"]').fill(email);
  await page.locator('input[name="password"]').fill(password);
  await page.locator('form button[type="submit"], form input[type="submit"]').first().click();
  await page.waitForURL((url) => !url.pathname.startsWith('/signin'));
}

/** Goes to a document and waits until it is connected and `ready` (a selector of its editor) shows. */
export async function openDocument(page: Page, options: { baseUrl: string; documentId: string; ready: string }): Promise<void> {
  await page.goto(`${options.baseUrl}/documents/${options.documentId}`);
  await page.locator('[data-testid="connection"][data-status="connected"]').waitFor();
  await page.locator(options.ready).waitFor();
}

/** Two people, each signed in in a fresh context, both on one document once its editor is `ready`. */
export async function openTogether(
  chrome: Chromium,
  options: { baseUrl: string; documentId: string; ready: string; people: [{ email: string; password: string }, { email: string; password: string }] },
) {
  const a = await chrome.newUser();
  const b = await chrome.newUser();
  await signIn(a.page, options.baseUrl, options.people[0].email, options.people[0].password);
  await signIn(b.page, options.baseUrl, options.people[1].email, options.people[1].password);
  for (const user of [a, b]) await openDocument(user.page, options);
  return { a, b };
}
