import { assignments, exportItems } from '@concord/db';
import { itemStates, type ExportJob } from '@concord/protocol';
import { adminEmail, adminPassword, backendName, createApi } from '@concord/server/testing';
import { describe, expect, it } from 'vitest';
import { hasChromium, signIn, skipReason } from './browser.ts';
import { useDemoInChromium } from './demo-fixture.ts';

if (!hasChromium) console.warn(skipReason);


describe.skipIf(!hasChromium)(hasChromium ? `GDPR erasure in the web client, in Chromium (${backendName})` : skipReason, () => {
  const env = useDemoInChromium();
  const { account } = env;
  const instructionProject = () => {
    const project = env.demo.projects.find((p) => p.taskType === 'instruction' && p.name.startsWith('Demo · ') && !p.name.includes('Blind'));
    if (!project) throw new Error('the demo has no instruction project');
    return project;
  };

  async function signedIn(email: string, password: string) {
    const user = await env.chrome.newUser();
    await signIn(user.page, env.t.url, email, password);
    return user;
  }

  /** Max (manager) exports every state of the project through the API and waits for it; returns the job. */
  async function exportEverything(projectId: string): Promise<ExportJob> {
    const max = await createApi(env.t.url, account('max').email, account('max').password);
    const started = await max.call<ExportJob>('POST', `/projects/${projectId}/exports`, { format: 'trl-sft', filters: { states: [...itemStates] } }, 202);
    for (let i = 0; i < 200; i++) {
      const job = await max.call<ExportJob>('GET', `/exports/${started.id}`);
      if (job.status === 'done') return job;
      if (job.status === 'failed') throw new Error(`the export failed: ${job.failure}`);
      await new Promise((resolve) => setTimeout(resolve, 150));
    }
    throw new Error('the export did not finish');
  }

  it('[GD1][GD5][GD7] a manager erases an exported item from its history page; the export is listed to regenerate and the item shows as erased', async () => {
    const project = instructionProject();
    const job = await exportEverything(project.id);
    const { items } = await env.t.api.call<{ items: { id: string; externalId: string }[] }>('GET', `/projects/${project.id}/items?limit=100`);
    const skipped = new Set(job.skipped.map((s) => s.itemId));
    const item = items.find((i) => !skipped.has(i.id));
    if (!item) throw new Error('the export wrote no item');

    const { page, errors } = await signedIn(account('max').email, account('max').password);
    // The way in: the project's item list links each item's history.
    await page.goto(`${env.t.url}/projects/${project.id}`);
    await page.locator(`[data-testid="item-row"][data-item-id="${item.id}"] [data-testid="item-history-link"]`).click();
    await page.waitForURL(`${env.t.url}/items/${item.id}/history`);
    await page.locator('[data-testid="erase-item"]').click();
    const dialog = page.locator('[data-testid="erase-dialog"]');
    await dialog.waitFor();
    expect(await dialog.innerText()).toContain('annotations');

    const submit = dialog.locator('[data-testid="erase-submit"]');
    await dialog.locator('[data-testid="erase-reason"]').selectOption('data_subject_request');
    // A name is not a case reference (GD5): explained, and nothing can be sent.
    await dialog.locator('[data-testid="erase-reference"]').fill('Jane Doe');
    await dialog.locator('[data-testid="erase-reference-error"]').waitFor();
    await dialog.locator('[data-testid="erase-reference"]').fill('DSR-2026-0042');
    await dialog.locator('[data-testid="erase-confirm"]').fill(`${item.externalId}x`);
    expect(await submit.isDisabled()).toBe(true);
    await dialog.locator('[data-testid="erase-confirm"]').fill(item.externalId);
    expect(await submit.isDisabled()).toBe(false);
    await submit.click();

    const result = dialog.locator('[data-testid="erase-result"]');
    await result.locator('[data-testid="erase-counts"]').waitFor();
    expect(Number(await result.locator('[data-count="documents"] strong').innerText())).toBeGreaterThan(0);
    const listed = result.locator(`[data-testid="erase-export"][data-export-id="${job.id}"]`);
    await listed.waitFor();
    expect(await listed.innerText()).toContain('trl-sft');
    expect(await listed.locator('a').getAttribute('href')).toBe(`/projects/${project.id}/export`);
    await dialog.locator('[data-testid="erase-done"]').click();
    await page.locator('[data-testid="item-erased"]').waitFor();

    // Visited directly, the item says it was erased (the API answers 410 for it).
    await page.goto(`${env.t.url}/items/${item.id}/history`);
    expect(await page.locator('[data-testid="item-erased"]').innerText()).toMatch(/^This item was erased\son\s.+\(GDPR\)/);
    expect(await page.locator('[data-testid="erase-item"]').count()).toBe(0);

    // The export page tells that export holds an erased item.
    await page.goto(`${env.t.url}/projects/${project.id}/export`);
    const card = page.locator(`[data-testid="export-job"][data-export-id="${job.id}"]`);
    await card.locator('[data-testid="export-erased"]').waitFor();
    expect(await card.locator('[data-testid="export-erased"]').innerText()).toMatch(/erased item.*regenerate/i);
    expect(errors).toEqual([]);
  });

  it('[GD13] a reviewer reads the history but has no erase action; an annotator gets neither', async () => {
    const project = instructionProject();
    const { items } = await env.t.api.call<{ items: { id: string }[] }>('GET', `/projects/${project.id}/items?limit=100`);
    const itemId = items[0]!.id;
    for (const key of ['rita', 'ada']) {
      const { page, errors } = await signedIn(account(key).email, account(key).password);
      await page.goto(`${env.t.url}/items/${itemId}/history`);
      // Rita reads the history and the panel knows the item is there; Ada reads it only after handing work in on it.
      const live = page.locator('[data-testid="item-erasure"][data-status="live"]');
      await (key === 'rita' ? live : live.or(page.locator('[data-testid="no-access"]'))).first().waitFor({ state: 'attached' });
      // The role comes with the project (the breadcrumb), after the history.
      if (await live.count()) await page.locator(`nav a[href="/projects/${project.id}"]`).waitFor();
      expect(await page.locator('[data-testid="erase-item"]').count(), key).toBe(0);
      expect(errors).toEqual([]);
    }
  });

  it('[GD10][GD12] a site admin erases a person on /admin/users: greyed out, no actions, and they cannot sign in; the last admin cannot be erased', async () => {
    // An annotator whose accepted work is in an export of the project: the export carries their pseudonym (GD12).
    const project = instructionProject();
    const job = await exportEverything(project.id);
    const db = env.t.server.services.db.db;
    const exported = new Set((await db.select().from(exportItems)).filter((e) => e.exportId === job.id).map((e) => e.itemId));
    const work = (await db.select().from(assignments)).find((a) => a.kind === 'work' && a.state === 'accepted' && exported.has(a.itemId));
    const { items: users } = await env.t.api.call<{ items: { id: string; email: string }[] }>('GET', '/users?limit=200');
    const person = env.demo.users.find((u) => u.email === users.find((x) => x.id === work?.userId)?.email);
    if (!person || !work) throw new Error('no demo annotator has accepted work in the export');
    const personId = work.userId;

    const { page, errors } = await signedIn(adminEmail, adminPassword);
    await page.goto(`${env.t.url}/admin/users`);
    const row = page.locator(`[data-testid="user-row"][data-user-id="${personId}"]`);
    await row.locator('[data-testid="erase-user"]').click();
    const dialog = page.locator('[data-testid="erase-user-dialog"]');
    await dialog.locator('[data-testid="erase-reason"]').selectOption('consent_withdrawn');
    await dialog.locator('[data-testid="erase-confirm"]').fill(person.email);
    await dialog.locator('[data-testid="erase-submit"]').click();
    await dialog.locator('[data-testid="erase-counts"]').waitFor();
    expect(Number(await dialog.locator('[data-count="memberships"] strong').innerText())).toBeGreaterThan(0);
    // A person's exports span projects: each one's project is looked up for the link.
    const listed = dialog.locator(`[data-testid="erase-export"][data-export-id="${job.id}"]`);
    await listed.locator('[data-testid="erase-export-link"]').waitFor();
    expect(await listed.locator('a').getAttribute('href')).toBe(`/projects/${project.id}/export`);
    await dialog.locator('[data-testid="erase-done"]').click();

    await page.locator(`[data-testid="user-row"][data-user-id="${personId}"][data-erased="true"]`).waitFor();
    expect(await row.locator('[data-testid="user-erased"]').count()).toBe(1);
    expect(await row.locator('[data-testid="erase-user"]').count()).toBe(0);
    expect(await row.innerText()).not.toContain(person.email);

    const login = await fetch(`${env.t.url}/api/v1/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ email: person.email, password: person.password }),
    });
    expect(login.status).toBe(401);
    // And through the sign-in page.
    const other = await env.chrome.newUser();
    await other.page.goto(`${env.t.url}/signin`);
    await other.page.locator('input[name="email"]').fill(person.email);
    await other.page.locator('input[name="password"]').fill(person.password);
    await other.page.locator('[data-testid="signin-form"] button[type="submit"]').click();
    await other.page.locator('[data-testid="signin-error"]').waitFor();
    expect(other.page.url()).toContain('/signin');

    // The only site admin tries to erase themself: refused (409) in plain words.
    const self = page.locator(`[data-testid="user-row"][data-user-id="${env.t.api.userId}"]`);
    await self.locator('[data-testid="erase-user"]').click();
    await dialog.locator('[data-testid="erase-reason"]').selectOption('other');
    await dialog.locator('[data-testid="erase-confirm"]').fill(adminEmail);
    await dialog.locator('[data-testid="erase-submit"]').click();
    expect(await dialog.locator('[data-testid="erase-error"]').innerText()).toContain('last active site admin');
    expect(errors).toEqual([]);
  });
});
