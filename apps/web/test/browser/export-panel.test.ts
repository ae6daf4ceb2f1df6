import { readFile } from 'node:fs/promises';
import { exportFormatsFor, itemStates, type ExportFormat } from '@concord/protocol';
import { backendName } from '@concord/server/testing';
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { hasChromium, signIn, skipReason } from './browser.ts';
import { useDemoInChromium } from './demo-fixture.ts';

if (!hasChromium) console.warn(skipReason);


type Row = Record<string, unknown>;
const isObject = (value: unknown): value is Row => typeof value === 'object' && value !== null && !Array.isArray(value);
const jsonl = (text: string): Row[] => text.split('\n').filter((line) => line.trim() !== '').map((line) => JSON.parse(line) as Row);

/** For each format: the data file to download (split `train`, all items there) and the trainer's fields to find in it. */
const expectations: Record<ExportFormat, { file: string; check: (text: string) => void }> = {
  llava: {
    file: 'train/data.json',
    check: (text) => {
      const rows = JSON.parse(text) as Row[];
      expect(Array.isArray(rows)).toBe(true);
      for (const row of rows) {
        expect(row).toHaveProperty('id');
        const turns = row.conversations as Row[];
        expect(turns[0]).toMatchObject({ from: 'human' });
        for (const turn of turns) expect(['human', 'gpt']).toContain(turn.from);
      }
      expect(rows.some((row) => typeof row.image === 'string' || Array.isArray(row.image))).toBe(true);
    },
  },
  'trl-sft': {
    file: 'train/data.jsonl',
    check: (text) => {
      for (const row of jsonl(text)) for (const m of row.messages as Row[]) expect(['user', 'assistant', 'system']).toContain(m.role);
    },
  },
  'openai-chat': {
    file: 'train/data.jsonl',
    check: (text) => {
      for (const row of jsonl(text)) expect(Array.isArray(row.messages)).toBe(true);
    },
  },
  'trl-dpo': { file: 'train/data.jsonl', check: (text) => rowsHave(text, ['prompt', 'chosen', 'rejected']) },
  'trl-kto': {
    file: 'train/data.jsonl',
    check: (text) => {
      rowsHave(text, ['prompt', 'completion', 'label']);
      for (const row of jsonl(text)) expect(typeof row.label).toBe('boolean');
    },
  },
  'hh-rlhf': {
    file: 'train/data.jsonl',
    check: (text) => {
      rowsHave(text, ['chosen', 'rejected']);
      for (const row of jsonl(text)) expect(String(row.chosen)).toMatch(/^\n\nHuman: [\s\S]*\n\nAssistant: /);
    },
  },
  'openai-preference': {
    file: 'train/data.jsonl',
    check: (text) => {
      rowsHave(text, ['input', 'preferred_output', 'non_preferred_output']);
      for (const row of jsonl(text)) expect(Array.isArray((row.input as Row).messages)).toBe(true);
    },
  },
  coco: {
    file: 'train/instances.json',
    check: (text) => {
      const coco = JSON.parse(text) as Row;
      expect(Object.keys(coco)).toEqual(expect.arrayContaining(['images', 'annotations', 'categories']));
      expect((coco.images as Row[])[0]).toMatchObject({ id: expect.anything(), file_name: expect.any(String), width: expect.any(Number), height: expect.any(Number) });
      expect((coco.annotations as Row[])[0]).toMatchObject({ image_id: expect.anything(), category_id: expect.anything(), bbox: expect.any(Array), iscrowd: 0 });
    },
  },
  refcoco: {
    file: 'refs.json',
    check: (text) => {
      const refs = JSON.parse(text) as Row[];
      expect(refs.length).toBeGreaterThan(0);
      for (const ref of refs) {
        expect(Object.keys(ref)).toEqual(expect.arrayContaining(['ref_id', 'ann_id', 'image_id', 'split', 'category_id', 'sentences']));
        expect((ref.sentences as Row[])[0]).toMatchObject({ sent: expect.any(String), tokens: expect.any(Array) });
      }
    },
  },
  vqa: { file: 'train/data.jsonl', check: (text) => rowsHave(text, ['id', 'image', 'question', 'answer']) },
  'grounded-qwen': { file: 'train/data.jsonl', check: (text) => grounded(text, /<ref>[^<]+<\/ref><box>\(\d+,\d+\),\(\d+,\d+\)<\/box>/) },
  'grounded-florence2': { file: 'train/data.jsonl', check: (text) => grounded(text, /<loc_\d+><loc_\d+><loc_\d+><loc_\d+>/) },
  'grounded-kosmos2': { file: 'train/data.jsonl', check: (text) => grounded(text, /<phrase>[^<]+<\/phrase><object><patch_index_\d{4}><patch_index_\d{4}><\/object>/) },
  'grounded-shikra': { file: 'train/data.jsonl', check: (text) => grounded(text, /\[\d\.\d{3},\d\.\d{3},\d\.\d{3},\d\.\d{3}\]/) },
  'hf-imagefolder': {
    file: 'train/metadata.jsonl',
    check: (text) => {
      rowsHave(text, ['file_name']);
      for (const row of jsonl(text)) expect(String(row.file_name)).not.toMatch(/^\//);
    },
  },
  'label-studio': {
    file: 'train/tasks.json',
    check: (text) => {
      const tasks = JSON.parse(text) as Row[];
      expect(tasks.length).toBeGreaterThan(0);
      for (const task of tasks) {
        expect(isObject(task.data)).toBe(true);
        expect(Array.isArray(task.annotations)).toBe(true);
      }
    },
  },
};

function rowsHave(text: string, fields: string[]): void {
  const rows = jsonl(text);
  expect(rows.length).toBeGreaterThan(0);
  for (const row of rows) expect(Object.keys(row)).toEqual(expect.arrayContaining(fields));
}

function grounded(text: string, markup: RegExp): void {
  rowsHave(text, ['id', 'image', 'width', 'height', 'caption', 'text']);
  expect(jsonl(text).some((row) => markup.test(String(row.text)))).toBe(true);
}

/** Clicks a download link of the page and returns the bytes the browser saved. */
async function downloadThrough(page: Page, selector: string): Promise<Buffer> {
  const [download] = await Promise.all([page.waitForEvent('download'), page.locator(selector).click()]);
  const path = await download.path();
  return readFile(path);
}

describe.skipIf(!hasChromium)(hasChromium ? `training-data exports and API tokens in Chromium (${backendName})` : skipReason, () => {
  const env = useDemoInChromium();
  const { account } = env;
  const projectOf = (taskType: string) => {
    const project = env.demo.projects.find((p) => p.taskType === taskType && p.name.startsWith('Demo · ') && !p.name.includes('Blind') && !p.name.includes('Quality'));
    if (!project) throw new Error(`the demo has no ${taskType} project`);
    return project;
  };

  async function signedIn(key: string) {
    const user = await env.chrome.newUser();
    const { email, password } = account(key);
    await signIn(user.page, env.t.url, email, password);
    return user;
  }

  it('an annotator sees no Export tab, and a direct visit is "not found or no access"', async () => {
    const { page, errors } = await signedIn('ada');
    const project = projectOf('preference');
    await page.goto(`${env.t.url}/projects/${project.id}`);
    await page.locator('[data-testid="workflow-strip"] [data-testid="link-work"]').waitFor();
    expect(await page.locator('[data-testid="link-export"]').count()).toBe(0);
    await page.goto(`${env.t.url}/projects/${project.id}/export`);
    await page.locator('[data-testid="no-access"]').waitFor();
    expect(await page.locator('[data-testid="export-form"]').count()).toBe(0);
    expect(errors).toEqual([]);
  });

  it('every format of the three demo projects: started in the browser, followed to 100 %, a data file and the zip downloaded', async () => {
    const runs = ['instruction', 'preference', 'alignment'].map(async (taskType) => {
      const project = projectOf(taskType);
      const formats = exportFormatsFor(taskType);
      const { page, errors } = await signedIn(taskType === 'alignment' ? 'max' : 'quinn');
      // The way in is the project's Export tab.
      await page.goto(`${env.t.url}/projects/${project.id}`);
      await page.locator('[data-testid="link-export"]').click();
      await page.waitForURL(`${env.t.url}/projects/${project.id}/export`);
      await page.locator('[data-testid="export-form"]').waitFor();

      // Only the formats that take the project's task type are offered, each saying who reads it.
      const offered = await page.locator('[data-testid^="format-"]').evaluateAll((inputs) => inputs.map((i) => (i as HTMLInputElement).value));
      expect(offered).toEqual(formats);
      expect(await page.locator('form[data-testid="export-form"] small.muted').first().innerText()).not.toBe('');

      // A split that does not sum to 1 is explained and blocks Start.
      await page.locator('[data-testid="split-validation"]').fill('0.2');
      await expect.poll(() => page.locator('[data-testid="split-error"]').textContent()).toContain('must add up to 1 (now 1.2)');
      expect(await page.locator('[data-testid="start-export"]').isDisabled()).toBe(true);
      await page.locator('[data-testid="split-validation"]').fill('0');
      await page.locator('[data-testid="split-error"]').waitFor({ state: 'detached' });

      // The default filter: accepted items only. The demo walked some items of each project to accepted.
      for (const state of itemStates) expect(await page.locator(`[data-testid="state-${state}"]`).isChecked(), state).toBe(state === 'accepted');
      for (const format of formats) {
        await page.locator(`[data-testid="format-${format}"]`).check();
        await page.locator('[data-testid="start-export"]').click();
        // The new job goes to the top of "Past exports".
        await page.locator(`[data-testid="export-job"]:first-of-type[data-format="${format}"]`).waitFor();
      }

      for (const format of formats) {
        const job = page.locator(`[data-testid="export-job"][data-format="${format}"]`);
        await page.locator(`[data-testid="export-job"][data-format="${format}"][data-status="done"]`).waitFor({ timeout: 60_000 });
        expect(await job.locator('[role="progressbar"]').getAttribute('aria-valuenow'), format).toBe('100');
        const skipped = (await job.locator('[data-testid="export-skipped"]').count()) > 0 ? await job.locator('[data-testid="export-skipped"]').textContent() : '';
        expect(Number(await job.locator('[data-testid="export-rows"]').innerText()), `${format} rows (skipped: ${skipped})`).toBeGreaterThan(0);
        if (format.startsWith('openai-')) expect(await job.locator('header').innerText()).toContain('media url');
        const { file, check } = expectations[format];
        const row = job.locator(`[data-testid="export-file"][data-path="${file}"]`);
        expect(await row.locator('code.hash').innerText()).toMatch(/^[0-9a-f]{64}$/);
        const exportId = await job.getAttribute('data-export-id');
        const bytes = await downloadThrough(page, `[data-export-id="${exportId}"] [data-testid="export-file"][data-path="${file}"] a`);
        check(bytes.toString('utf8'));
      }

      const first = formats[0]!;
      const zip = await downloadThrough(page, `[data-testid="export-job"][data-format="${first}"] [data-testid="export-archive"]`);
      expect(zip.subarray(0, 4).toString('latin1')).toBe('PK\x03\x04');
      expect(errors).toEqual([]);
      return formats.length;
    });
    const counts = await Promise.all(runs);
    expect(counts.reduce((a, b) => a + b, 0)).toBe(16);
  }, 110_000);

  it('an export whose item was erased since says so, and Regenerate starts the same request again', async () => {
    const project = projectOf('instruction');
    const { page, errors } = await signedIn('max');
    await page.goto(`${env.t.url}/projects/${project.id}/export`);
    await page.locator('[data-testid="export-form"]').waitFor();
    await page.locator('[data-testid="format-trl-sft"]').check();
    await page.locator('[data-testid="split-train"]').fill('0.5');
    await page.locator('[data-testid="split-test"]').fill('0.5');
    await page.locator('[data-testid="start-export"]').click();
    const first = page.locator('[data-testid="export-job"]').first();
    await page.locator('[data-testid="export-job"][data-format="trl-sft"][data-status="done"]').first().waitFor();
    const exportId = await first.getAttribute('data-export-id');

    // The admin erases one item the export wrote (GDPR Art. 17).
    const job = await env.t.api.call<{ skipped: { itemId: string }[]; request: unknown }>('GET', `/exports/${exportId}`);
    const { items } = await env.t.api.call<{ items: { id: string; state: string }[] }>('GET', `/projects/${project.id}/items?limit=100`);
    const written = items.find((item) => item.state === 'accepted' && !job.skipped.some((s) => s.itemId === item.id));
    if (!written) throw new Error('the export wrote no item');
    await env.t.api.call('DELETE', `/projects/${project.id}/items/${written.id}?reason=data_subject_request`);

    await page.reload();
    const erased = page.locator(`[data-export-id="${exportId}"] [data-testid="export-erased"]`);
    expect(await erased.innerText()).toContain('Contains 1 erased item — regenerate');
    await erased.locator('[data-testid="export-regenerate"]').click();
    await expect.poll(() => page.locator('[data-testid="export-job"]').first().getAttribute('data-export-id')).not.toBe(exportId);
    const again = page.locator('[data-testid="export-job"]').first();
    await page.locator('[data-testid="export-job"]:first-of-type[data-status="done"]').waitFor();
    const regenerated = await env.t.api.call<{ request: unknown; erasedItems: number }>('GET', `/exports/${await again.getAttribute('data-export-id')}`);
    expect(regenerated.request).toEqual(job.request);
    expect(regenerated.erasedItems).toBe(0);
    expect(await again.locator('[data-testid="export-erased"]').count()).toBe(0);
    expect(errors).toEqual([]);
  });

  it('an API token made on /account works against the API from Node, and stops working once revoked', async () => {
    const { page, errors } = await signedIn('quinn');
    await page.locator('[data-testid="current-user"]').click();
    await page.waitForURL(`${env.t.url}/account`);
    await page.locator('[data-testid="no-tokens"], [data-testid="token-list"]').first().waitFor();
    await page.locator('[data-testid="token-name"]').fill('export CLI');
    await page.locator('[data-testid="token-expiry"]').selectOption('30');
    await page.locator('[data-testid="token-create"]').click();
    const secret = await page.locator('[data-testid="token-secret"]').inputValue();
    expect(secret).toMatch(/^cpat_/);
    expect(await page.locator('[data-testid="token-cli"]').innerText()).toBe(
      `npx concord export --server ${env.t.url} --token ${secret} --project <id> --format trl-dpo --out ./data`,
    );
    const row = page.locator('[data-testid="token-row"]', { hasText: 'export CLI' });
    await row.waitFor();

    const me = await fetch(`${env.t.url}/api/v1/me`, { headers: { authorization: `Bearer ${secret}` } });
    expect(me.status).toBe(200);
    expect(((await me.json()) as { email: string }).email).toBe(account('quinn').email);

    await row.locator('[data-testid="token-revoke"]').click();
    await row.waitFor({ state: 'detached' });
    const after = await fetch(`${env.t.url}/api/v1/me`, { headers: { authorization: `Bearer ${secret}` } });
    expect(after.status).toBe(401);
    expect(errors).toEqual([]);
  });
});
