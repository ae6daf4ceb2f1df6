import { adminEmail, adminPassword, backendName, makePng } from '@concord/server/testing';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { hasChromium, signIn, skipReason } from './browser.ts';
import { useDemoInChromium } from './demo-fixture.ts';
import { demoKeys, type HostileWorld, payloads, recordViolations, scriptUrl, seedHostile } from './xss-fixture.ts';

if (!hasChromium) console.warn(skipReason);

const webSrc = join(import.meta.dirname, '../../src');

/** A page to visit, the element that says it has loaded, and the hostile strings it must show as text. */
interface Visit {
  path: string;
  ready?: string;
  /** What to click once the page is ready (a Playwright selector), to show more or go on. */
  click?: string;
  texts: string[];
  /** Strings that must be the value of some form field (a settings form shows names in inputs). */
  values?: string[];
}

/** The page's text and form values, and every element carrying an inline handler or a script URL. */
async function pageState(page: Page) {
  return page.evaluate(() => {
    const fields = [...document.querySelectorAll('input, textarea')].map((el) => (el as HTMLInputElement).value);
    const handlers = [...document.querySelectorAll('*')].filter((el) => [...el.attributes].some((a) => /^on/i.test(a.name))).map((el) => el.outerHTML.slice(0, 120));
    const scriptUrls = [...document.querySelectorAll('[href], [src], [action], [formaction]')]
      .map((el) => el.getAttribute('href') ?? el.getAttribute('src') ?? el.getAttribute('action') ?? el.getAttribute('formaction') ?? '')
      .filter((url) => /^\s*javascript:/i.test(url));
    // zod probes whether it may compile validators with `new Function`; the policy refusing that is expected.
    const violations = (window as unknown as { __violations: string[] }).__violations.filter((v) => !v.startsWith('script-src eval'));
    return { text: document.body.textContent ?? '', fields, handlers, scriptUrls, violations };
  });
}

describe.skipIf(!hasChromium)(hasChromium ? `hostile text in the web client, Chromium (${backendName})` : skipReason, () => {
  const env = useDemoInChromium();
  let world: HostileWorld;

  beforeAll(async () => {
    world = await seedHostile(env.t, env.demo);
  }, 120_000);

  /** Signs `who` in and visits each page: every hostile string is shown as text, nothing ran, nothing was injected. */
  async function visitAs(who: { email: string; password: string }, visits: Visit[]) {
    const user = await env.chrome.newUser();
    await recordViolations(user.context);
    await signIn(user.page, env.t.url, who.email, who.password);
    for (const visit of visits) {
      await user.page.goto(`${env.t.url}${visit.path}`);
      if (visit.ready) await user.page.locator(visit.ready).first().waitFor();
      if (visit.click) await user.page.locator(visit.click).first().click();
      const missing = async () => {
        const state = await pageState(user.page);
        return [...visit.texts.filter((s) => !state.text.includes(s)), ...(visit.values ?? []).filter((s) => !state.fields.includes(s))];
      };
      await expect.poll(missing, { message: `${visit.path} shows every hostile string as text`, timeout: 10_000 }).toEqual([]);
      const state = await pageState(user.page);
      expect({ path: visit.path, handlers: state.handlers, scriptUrls: state.scriptUrls, violations: state.violations }).toEqual({
        path: visit.path,
        handlers: [],
        scriptUrls: [],
        violations: [],
      });
    }
    expect(user.dialogs).toEqual([]);
    expect(user.errors).toEqual([]);
  }

  it('[X1] no component renders raw HTML; the seed stored every payload as given; the API refuses a javascript: guidelines link', async () => {
    // Every string reaches the page through Svelte's text escaping; {@html} would bypass it.
    const components = readdirSync(webSrc, { recursive: true, encoding: 'utf8' }).filter((f) => f.endsWith('.svelte'));
    expect(components.length).toBeGreaterThan(20);
    expect(components.filter((f) => readFileSync(join(webSrc, f), 'utf8').includes('{@html'))).toEqual([]);

    const doc = await env.t.api.document<{ content: { prompt: { text: string } } }>(world.preference.documentId);
    expect(doc.content.prompt.text).toBe(world.preference.prompt);
    expect(world.review.inReview).toMatch(/<|>/);
    expect(world.guidelineUrlRefused).toBe(422);
  });

  const admin = { email: adminEmail, password: adminPassword };
  const names = (...keys: string[]) => keys.map((key) => world.users[key]!.name);

  it('[X2] the admin: project lists and pages, settings, the three editors, disputes, quality, calibration, export, history, users', async () => {
    const p = world.projects;
    const r = world.review;
    await visitAs(admin, [
      { path: '/projects', texts: [...Object.values(p).flatMap((x) => [x.name, x.description]), r.name, world.adminName] },
      { path: `/projects/${p.preference.id}`, texts: [p.preference.name, p.preference.description, world.preference.prompt, ...names(...demoKeys)] },
      { path: `/projects/${p.preference.id}/overview`, texts: [p.preference.name, world.preference.prompt, ...names('ada', 'ben', 'cleo', 'dev', 'rita')] },
      { path: `/projects/${p.preference.id}/settings`, ready: '[data-testid="guidelines-text"]', texts: [p.preference.name], values: [world.guidelines, world.rubric.name, world.rubric.description] },
      { path: `/projects/${p.alignment.id}/settings`, ready: '[data-testid="guidelines-text"]', texts: [p.alignment.name], values: [world.label] },
      {
        path: `/documents/${world.preference.documentId}`,
        ready: '[data-testid="preference-editor"]',
        texts: [world.preference.prompt, ...world.preference.responses, world.preference.modelId, world.rubric.name, world.rubric.description, world.guidelines],
        values: [world.preference.rationale],
      },
      { path: `/documents/${world.instruction.documentId}`, ready: '[data-testid="instruction-editor"]', texts: [world.instruction.turns[0]!], values: [...world.instruction.turns, world.instruction.summary] },
      {
        path: `/documents/${world.alignment.documentId}`,
        ready: '[data-testid="alignment-editor"]',
        texts: [world.label, world.guidelines, world.alignment.caption],
        values: [world.alignment.caption, world.alignment.question, world.alignment.answer, world.alignment.description],
      },
      { path: `/projects/${r.projectId}`, texts: [r.name, ...r.items, ...names('ada', 'rita')] },
      { path: `/projects/${r.projectId}/disputes`, texts: [r.dispute.comment] },
      { path: `/disputes/${r.dispute.id}`, texts: [r.dispute.comment, ...names('ada')] },
      { path: `/items/${r.returnedItemId}/history`, texts: [r.name, r.returnComment, ...names('ada', 'rita')] },
      { path: `/projects/${p.quality.id}/quality`, texts: [p.quality.name, ...names('ada', 'ben', 'cleo', 'dev')] },
      { path: `/projects/${p.quality.id}/calibration`, texts: [p.quality.name, world.calibration.title, ...names('ada', 'ben', 'cleo', 'dev', 'tess')] },
      { path: `/calibrations/${world.calibration.id}`, texts: [world.calibration.title, ...names('ada', 'ben', 'cleo', 'dev')] },
      {
        path: `/calibrations/${world.revealed.id}`,
        ready: '[data-testid="calibration-reveal"]',
        click: 'button:has-text("Show the answers side by side")',
        texts: [world.revealed.title, ...names('ada')],
        values: [world.revealed.answer],
      },
      { path: `/projects/${p.preference.id}/export`, texts: [p.preference.name, ...names(...demoKeys)] },
      { path: '/admin/users', texts: [world.adminName, ...names(...demoKeys)] },
    ]);
  });

  it('[X3] an annotator, a reviewer and a QA lead: their queues, the returned work, the dispute, the session, their account', async () => {
    const p = world.projects;
    const r = world.review;
    await visitAs(world.users.ada!, [
      { path: '/projects', texts: [...Object.values(p).flatMap((x) => [x.name, x.description]), r.name, ...names('ada')] },
      { path: `/projects/${r.projectId}/work`, texts: [r.returnComment, ...names('ada')] },
      { path: `/disputes/${r.dispute.id}`, texts: [r.dispute.comment] },
      { path: `/calibrations/${world.calibration.id}`, texts: [world.calibration.title] },
      { path: `/calibrations/${world.revealed.id}`, ready: '[data-testid="calibration-reveal"]', texts: [world.revealed.title, ...names('ada')] },
      { path: '/account', texts: [world.tokenName, ...names('ada')] },
    ]);
    await visitAs(world.users.rita!, [
      { path: `/projects/${r.projectId}/review`, texts: [r.inReview, ...names('ada', 'rita')] },
      // Claiming the review opens the document under review, its text in the editor's fields.
      { path: `/projects/${r.projectId}/review`, ready: '[data-testid="claim-review"]', click: '[data-testid="claim-review"]', texts: [r.inReview], values: [r.inReview] },
    ]);
    await visitAs(world.users.quinn!, [{ path: `/projects/${p.quality.id}/quality`, texts: [p.quality.name, ...names('ada', 'ben', 'cleo', 'dev', 'quinn')] }]);
  });

  it('[X4] presence: names reach other people live (project page, document peers, a caret in the caption) and stay text', async () => {
    const max = world.users.max!;
    const documentPath = `/documents/${world.alignment.documentId}`;
    const a = await env.chrome.newUser();
    const b = await env.chrome.newUser();
    for (const user of [a, b]) await recordViolations(user.context);
    await signIn(a.page, env.t.url, adminEmail, adminPassword);
    await signIn(b.page, env.t.url, max.email, max.password);
    const shows = (user: typeof a, text: string) => expect.poll(async () => (await pageState(user.page)).text.includes(text), { timeout: 10_000 }).toBe(true);

    for (const user of [a, b]) await user.page.goto(`${env.t.url}/projects/${world.projects.alignment.id}`);
    await shows(a, max.name);
    await shows(b, world.adminName);

    for (const user of [a, b]) {
      await user.page.goto(`${env.t.url}${documentPath}`);
      await user.page.locator('[data-testid="connection"][data-status="connected"]').waitFor();
    }
    await a.page.locator('[data-testid="peer"]').first().waitFor();
    await shows(a, max.name);
    await shows(b, world.adminName);
    // Max puts his cursor in the caption: the admin sees a caret labelled with his name.
    await b.page.locator('[data-testid="caption"]').click();
    await a.page.locator('[data-testid="remote-caret"] .caret-label', { hasText: max.name }).waitFor();

    for (const user of [a, b]) {
      const state = await pageState(user.page);
      expect({ handlers: state.handlers, scriptUrls: state.scriptUrls, violations: state.violations }).toEqual({ handlers: [], scriptUrls: [], violations: [] });
      expect(user.dialogs).toEqual([]);
      expect(user.errors).toEqual([]);
    }
  });

  it('[X5] importing: a hostile media file name, an imported caption and a failed line quoting a hostile reference show as text', async () => {
    // Not payloads[2]: Chromium sends a `"` in a multipart file name as %22, so the name would not match.
    const mediaName = `${payloads[0]}.png`;
    const caption = `imported ${payloads[2]}`;
    const missing = `missing ${payloads[1]}.png`;
    const lines = [
      { id: 'xss-import-1', image: mediaName, caption },
      { id: 'xss-import-2', image: missing, caption: 'never imported' },
    ];
    const user = await env.chrome.newUser();
    await recordViolations(user.context);
    await signIn(user.page, env.t.url, adminEmail, adminPassword);
    await user.page.goto(`${env.t.url}/projects/${world.projects.alignment.id}`);
    const panel = user.page.locator('[data-testid="import-panel"]');
    await panel.locator('[data-testid="import-format-jsonl"]').check();
    const data = Buffer.from(lines.map((l) => JSON.stringify(l)).join('\n'));
    await panel.locator('[data-testid="import-data-file"]').setInputFiles({ name: `${payloads[1]}.jsonl`, mimeType: 'application/x-ndjson', buffer: data });
    const png = makePng(8, 6, { paint: () => [200, 40, 40, 255] });
    await panel.locator('[data-testid="import-media-files"]').setInputFiles([{ name: mediaName, mimeType: 'image/png', buffer: Buffer.from(png) }]);
    await panel.locator('[data-testid="import-start"]').click();
    await panel.locator('[data-testid="import-progress"][data-phase="done"]').waitFor({ timeout: 20_000 });
    expect(await panel.locator('[data-testid="import-created"]').textContent()).toBe('1 created');
    expect(await panel.locator('[data-testid="upload-file"]').allTextContents()).toEqual([expect.stringContaining(mediaName)]);
    // The server's message quotes the reference: shown as text, like everything else.
    expect(await panel.locator('[data-testid="import-line-error"]').allTextContents()).toEqual([expect.stringContaining(missing)]);
    await expect.poll(async () => (await pageState(user.page)).text).toContain(caption);
    const state = await pageState(user.page);
    expect({ handlers: state.handlers, scriptUrls: state.scriptUrls, violations: state.violations }).toEqual({ handlers: [], scriptUrls: [], violations: [] });
    expect(user.dialogs).toEqual([]);
    expect(user.errors).toEqual([]);
  });

  it('[X6] a live toast over socket.io: the annotator is told her work was returned, with the hostile comment as text', async () => {
    const ada = world.users.ada!;
    const rita = world.users.rita!;
    const projectId = world.review.projectId;
    const user = await env.chrome.newUser();
    await recordViolations(user.context);
    await signIn(user.page, env.t.url, ada.email, ada.password);
    await user.page.goto(`${env.t.url}/projects/${projectId}`);
    await user.page.locator(`[data-testid="online-user"][data-user-id="${ada.api.userId}"]`).waitFor();

    // Ada resubmits her returned work through the API; Rita returns it again while Ada's page is open.
    const task = await ada.api.call<{ assignmentId: string; fence: number }>('POST', `/projects/${projectId}/queue/next`, {});
    await ada.api.call('POST', `/assignments/${task.assignmentId}/submit`, { fence: task.fence });
    const lease = await rita.api.call<{ fence: number }>('POST', `/assignments/${task.assignmentId}/review/claim`, {});
    const comment = `again ${payloads[1]} ${payloads[2]}`;
    await rita.api.call('POST', `/assignments/${task.assignmentId}/review`, { fence: lease.fence, decision: 'return', reasonCode: 'other', comment });

    const toast = user.page.locator('[data-testid="toast"][data-kind="returned"]');
    await toast.waitFor();
    expect(await toast.textContent()).toContain(comment);
    const state = await pageState(user.page);
    expect({ handlers: state.handlers, scriptUrls: state.scriptUrls, violations: state.violations }).toEqual({ handlers: [], scriptUrls: [], violations: [] });
    expect(user.dialogs).toEqual([]);
    expect(user.errors).toEqual([]);
  });

  it('[X7] CSP: the page forbids inline script; a script element or inline handler added at run time does not run and reports a violation', async () => {
    const response = await fetch(`${env.t.url}/projects`);
    const html = await response.text();
    const header = response.headers.get('content-security-policy') ?? '';
    expect(header).toContain("object-src 'none'");
    expect(header).not.toContain('unsafe-inline');
    // The script policy is in the page itself: SvelteKit puts the hash of its one bootstrap script there.
    const meta = /<meta http-equiv="content-security-policy" content="([^"]+)"/i.exec(html)?.[1] ?? '';
    const scriptSrc = meta.split(';').find((d) => d.trim().startsWith('script-src')) ?? '';
    expect(scriptSrc).toMatch(/'self'/);
    expect(scriptSrc).toMatch(/'sha256-/);
    expect(scriptSrc).not.toContain('unsafe-inline');
    expect(scriptSrc).not.toContain('unsafe-eval');
    // The meta policy must come before any script in the page, or it would not cover it.
    expect(html.indexOf('http-equiv="content-security-policy"')).toBeLessThan(html.indexOf('<script'));

    const user = await env.chrome.newUser();
    await recordViolations(user.context);
    await user.page.goto(`${env.t.url}/signin`);
    await user.page.locator('input[name="email"]').waitFor();
    const outcome = await user.page.evaluate(async (url) => {
      const w = window as unknown as { __pwned?: string[]; __violations: string[] };
      const script = document.createElement('script');
      script.textContent = 'window.__pwned = (window.__pwned || []).concat("inline script"); alert("inline script")';
      document.body.append(script);
      const holder = document.createElement('div');
      holder.innerHTML = `<button type="button" onclick="window.__pwned = (window.__pwned || []).concat('inline handler'); alert('inline handler')">x</button>`;
      document.body.append(holder);
      holder.querySelector('button')!.click();
      const link = document.createElement('a');
      link.href = url;
      link.textContent = 'go';
      document.body.append(link);
      link.click();
      await new Promise((resolve) => setTimeout(resolve, 500));
      // zod's probe for `new Function` is refused too (directive script-src, sample "eval"): not ours.
      return { pwned: w.__pwned ?? null, violations: w.__violations.filter((v) => !v.startsWith('script-src eval')).map((v) => v.split(' ')[0]) };
    }, scriptUrl);
    expect(outcome.pwned).toBeNull();
    // The script element and the handler are refused; the javascript: link's navigation is refused as inline script.
    expect(outcome.violations).toEqual(['script-src-elem', 'script-src-attr', 'script-src-elem']);
    expect(user.dialogs).toEqual([]);
    expect(user.page.url()).toBe(`${env.t.url}/signin`);
  });
});
