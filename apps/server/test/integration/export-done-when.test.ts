import { createHash } from 'node:crypto';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { exportFormatsFor, type ExportFormat, type ExportJob, type QualityReport } from '@concord/protocol';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../../src/cli/run.ts';
import { createApi, type Api } from '../helpers/api.ts';
import { backendName } from '../helpers/backends.ts';
import { startTestServer, type TestServer } from '../helpers/test-server.ts';
import { jsonlRows, tableOf } from './exports-fixtures.ts';

/**
 * Issue 7's done-when: from the seeded demo, a new user (the demo QA lead, with an API token) exports every
 * format of every demo project with the CLI against the server and the DEFAULT filter (accepted items), and
 * each file has the fields its trainer reads (shared/reference/export-formats.md), with a dataset card whose
 * manifest and numbers match the job and the project's quality dashboard.
 */

type Row = Record<string, unknown>;
interface Demo {
  projects: { id: string; name: string; taskType: 'instruction' | 'preference' | 'alignment' }[];
  users: { email: string; password: string }[];
}

const taskTypeProjects = { instruction: 'Demo · Instruction tuning', preference: 'Demo · RLHF preference', alignment: 'Demo · Vision-language alignment' } as const;
const qualityProject = 'Demo · Quality and calibration';

const keys = (row: unknown) => Object.keys(row as Row).sort();
const sorted = (...names: string[]) => [...names].sort();
const sha256 = (path: string) => createHash('sha256').update(readFileSync(path)).digest('hex');

/** One exported folder: its files by path, read as text or JSON. */
function folder(out: string) {
  return {
    text: (path: string) => readFileSync(join(out, path), 'utf8'),
    json: <T = Row[]>(path: string) => JSON.parse(readFileSync(join(out, path), 'utf8')) as T,
    jsonl: (path: string) => jsonlRows(readFileSync(join(out, path))),
    /** Whether a relative path in a row resolves to a copied file (relative to `base` inside the export). */
    has: (path: unknown, base = '') => typeof path === 'string' && !path.startsWith('/') && !path.includes('..') && existsSync(join(out, base, path)),
  };
}
type Folder = ReturnType<typeof folder>;

const provenance = ['concord'];
const strengthMargin: Record<string, number> = { significantly_better: 3, better: 2, slightly_better: 1, negligible_or_unsure: 0 };

function messageRoles(messages: unknown): string[] {
  return (messages as Row[]).map((m) => {
    expect(keys(m)).toEqual(['content', 'role']);
    return String(m.role);
  });
}

/** The user turn of a TRL conversational prompt: one `{ type: 'image' }` part per image, then the text. */
function expectVisionPrompt(row: Row, out: Folder): void {
  const images = row.images as string[];
  expect(images.length).toBeGreaterThan(0);
  for (const image of images) expect(out.has(image), image).toBe(true);
  const [user] = row.prompt as Row[];
  expect(user).toMatchObject({ role: 'user' });
  expect((user!.content as Row[]).filter((part) => part.type === 'image')).toHaveLength(images.length);
}

/** For each format: the trainer's fields, checked in the files the CLI wrote (default split: all in train/). */
const checks: Record<ExportFormat, (out: Folder) => number> = {
  llava(out) {
    const rows = out.json('train/data.json');
    for (const row of rows) {
      expect(keys(row)).toEqual(sorted('id', 'conversations', ...provenance, ...(row.image === undefined ? [] : ['image'])));
      const turns = row.conversations as Row[];
      turns.forEach((turn, i) => {
        expect(keys(turn)).toEqual(['from', 'value']);
        expect(turn.from).toBe(i % 2 === 0 ? 'human' : 'gpt');
      });
      const tokens = turns.map((t) => String(t.value).split('<image>').length - 1);
      if (row.image !== undefined) {
        expect(out.has(row.image)).toBe(true);
        expect(String(turns[0]!.value).startsWith('<image>\n')).toBe(true);
        expect(tokens.reduce((a, b) => a + b, 0)).toBe(1);
      }
    }
    expect(rows.some((row) => row.image !== undefined)).toBe(true);
    return rows.length;
  },
  'trl-sft'(out) {
    const rows = out.jsonl('train/data.jsonl');
    for (const row of rows) {
      expect(keys(row)).toEqual(sorted('messages', 'images', ...provenance));
      for (const role of messageRoles(row.messages)) expect(['system', 'user', 'assistant']).toContain(role);
      const imageParts = (row.messages as Row[]).flatMap((m) => (m.content as Row[]).filter((part) => part.type === 'image'));
      expect(imageParts).toHaveLength((row.images as unknown[]).length);
      for (const image of row.images as string[]) expect(out.has(image)).toBe(true);
    }
    expect(rows.some((row) => (row.images as unknown[]).length > 0)).toBe(true);
    return rows.length;
  },
  'openai-chat'(out) {
    const rows = out.jsonl('train/data.jsonl');
    for (const row of rows) {
      // Strict consumers: provenance goes to provenance.jsonl, not into the row.
      expect(keys(row)).toEqual(['messages']);
      for (const message of row.messages as Row[]) {
        const parts = Array.isArray(message.content) ? (message.content as Row[]) : [];
        const images = parts.filter((part) => part.type === 'image_url');
        if (message.role !== 'user') expect(images).toEqual([]);
        for (const image of images) expect(String((image.image_url as Row).url)).toMatch(/^(https:\/\/|http:\/\/|data:image\/(png|jpeg|webp);base64,)/);
      }
    }
    expect(out.jsonl('train/provenance.jsonl')).toHaveLength(rows.length);
    return rows.length;
  },
  'trl-dpo'(out) {
    const rows = out.jsonl('train/data.jsonl');
    const extra = ['margin', 'strength', 'chosen_rank', 'rejected_rank', 'chosen_scores', 'rejected_scores', ...provenance];
    for (const row of rows) {
      const vision = Array.isArray(row.prompt);
      expect(keys(row)).toEqual(sorted('prompt', 'chosen', 'rejected', ...extra, ...(vision ? ['images'] : [])));
      if (vision) expectVisionPrompt(row, out);
      else for (const field of ['prompt', 'chosen', 'rejected']) expect(typeof row[field]).toBe('string');
      if (row.strength !== null) expect(row.margin).toBe(strengthMargin[String(row.strength)]);
      else expect(row.margin).toBe(Number(row.rejected_rank) - Number(row.chosen_rank));
    }
    // A text-only k-way ranking expands into its C(3,2) pairs; pairwise rows carry a strength; vision rows images.
    const ranked = rows.filter((r) => typeof r.prompt === 'string' && r.chosen_rank !== null).map((r) => r.prompt);
    expect(ranked.some((prompt) => ranked.filter((p) => p === prompt).length === 3)).toBe(true);
    expect(rows.some((r) => r.strength !== null && typeof r.margin === 'number')).toBe(true);
    expect(rows.some((r) => Array.isArray(r.images))).toBe(true);
    return rows.length;
  },
  'trl-kto'(out) {
    const rows = out.jsonl('train/data.jsonl');
    for (const row of rows) {
      const vision = Array.isArray(row.prompt);
      expect(keys(row)).toEqual(sorted('prompt', 'completion', 'label', 'rank', 'strength', 'scores', ...provenance, ...(vision ? ['images'] : [])));
      expect(typeof row.label).toBe('boolean');
      if (vision) expectVisionPrompt(row, out);
    }
    expect(new Set(rows.map((r) => r.label))).toEqual(new Set([true, false]));
    return rows.length;
  },
  'hh-rlhf'(out) {
    const rows = out.jsonl('train/data.jsonl');
    for (const row of rows) {
      expect(keys(row)).toEqual(sorted('chosen', 'rejected', ...provenance));
      const prefix = /^\n\nHuman: [\s\S]*?\n\nAssistant: /.exec(String(row.chosen))?.[0];
      expect(prefix).toBeDefined();
      expect(String(row.rejected).startsWith(prefix!)).toBe(true);
    }
    return rows.length;
  },
  'openai-preference'(out) {
    const rows = out.jsonl('train/data.jsonl');
    for (const row of rows) {
      expect(keys(row)).toEqual(['input', 'non_preferred_output', 'preferred_output']);
      expect(keys(row.input)).toEqual(['messages']);
      messageRoles((row.input as Row).messages);
      for (const output of [row.preferred_output, row.non_preferred_output]) {
        expect(output as Row[]).toHaveLength(1);
        expect(messageRoles(output)).toEqual(['assistant']);
      }
    }
    expect(out.jsonl('train/provenance.jsonl')).toHaveLength(rows.length);
    return rows.length;
  },
  coco(out) {
    const coco = out.json<Row>('train/instances.json');
    expect(keys(coco)).toEqual(['annotations', 'categories', 'images']);
    const images = coco.images as Row[];
    for (const image of images) {
      expect(keys(image)).toEqual(['file_name', 'height', 'id', 'width']);
      expect(out.has(image.file_name)).toBe(true);
    }
    const categories = new Set((coco.categories as Row[]).map((c) => (expect(keys(c)).toEqual(['id', 'name', 'supercategory']), c.id)));
    const annotations = coco.annotations as Row[];
    for (const a of annotations) {
      expect(keys(a)).toEqual(['area', 'bbox', 'category_id', 'id', 'image_id', 'iscrowd', 'segmentation']);
      expect(a.bbox as number[]).toHaveLength(4);
      expect(a.iscrowd).toBe(0);
      expect(categories.has(a.category_id)).toBe(true);
      expect(images.some((i) => i.id === a.image_id)).toBe(true);
    }
    const captions = out.json<Row>('train/captions.json');
    for (const caption of captions.annotations as Row[]) expect(keys(caption)).toEqual(['caption', 'id', 'image_id']);
    return images.length;
  },
  refcoco(out) {
    const refs = out.json('refs.json');
    const annotations = new Set((out.json<Row>('instances.json').annotations as Row[]).map((a) => a.id));
    for (const ref of refs) {
      expect(keys(ref)).toEqual(expect.arrayContaining(['ref_id', 'ann_id', 'image_id', 'split', 'category_id', 'sentences']));
      expect(annotations.has(ref.ann_id)).toBe(true);
      for (const sentence of ref.sentences as Row[]) expect(keys(sentence)).toEqual(['raw', 'sent', 'sent_id', 'tokens']);
    }
    return refs.length;
  },
  vqa(out) {
    const rows = out.jsonl('train/data.jsonl');
    for (const row of rows) {
      expect(keys(row)).toEqual(sorted('id', 'image', 'width', 'height', 'question', 'answer', 'evidence', ...provenance));
      expect(out.has(row.image)).toBe(true);
    }
    return rows.length;
  },
  'grounded-qwen': (out) => grounded(out, /<ref>[^<]+<\/ref>(<box>\(\d+,\d+\),\(\d+,\d+\)<\/box>)+/),
  'grounded-florence2': (out) => grounded(out, /(<loc_\d{1,3}>){4}/),
  'grounded-kosmos2': (out) => grounded(out, /<phrase>[^<]+<\/phrase><object>(<patch_index_\d{4}>)+<\/object>/),
  'grounded-shikra': (out) => grounded(out, /\[\d\.\d{3},\d\.\d{3},\d\.\d{3},\d\.\d{3}[;\]]/),
  'hf-imagefolder'(out) {
    const rows = out.jsonl('train/metadata.jsonl');
    for (const row of rows) {
      expect(keys(row)).toEqual(expect.arrayContaining(['file_name', 'objects']));
      // file_name is relative to the split folder, where the image was copied.
      expect(out.has(row.file_name, 'train')).toBe(true);
      const objects = row.objects as { bbox: number[][]; categories: number[] };
      expect(keys(objects)).toEqual(['bbox', 'categories']);
      expect(objects.bbox).toHaveLength(objects.categories.length);
      for (const box of objects.bbox) expect(box).toHaveLength(4);
    }
    return rows.length;
  },
  'label-studio'(out) {
    const tasks = out.json('train/tasks.json');
    for (const task of tasks) {
      expect(keys(task)).toEqual(expect.arrayContaining(['id', 'data', 'annotations']));
      expect(out.has((task.data as Row).image)).toBe(true);
      for (const annotation of task.annotations as Row[]) {
        expect(keys(annotation)).toEqual(expect.arrayContaining(['id', 'completed_by', 'result']));
        for (const result of (annotation.result as Row[]).filter((r) => r.type === 'rectanglelabels')) {
          expect(keys(result)).toEqual(expect.arrayContaining(['from_name', 'to_name', 'type', 'original_width', 'original_height', 'value']));
          const value = result.value as Record<string, number>;
          expect(keys(value)).toEqual(['height', 'rectanglelabels', 'rotation', 'width', 'x', 'y']);
          for (const n of [value.x!, value.y!, value.width!, value.height!]) expect(n >= 0 && n <= 100).toBe(true);
        }
      }
    }
    expect(tasks.some((task) => (task.annotations as Row[]).some((a) => (a.result as Row[]).some((r) => r.type === 'rectanglelabels')))).toBe(true);
    return tasks.length;
  },
};

function grounded(out: Folder, markup: RegExp): number {
  const rows = out.jsonl('train/data.jsonl');
  for (const row of rows) {
    expect(keys(row)).toEqual(sorted('id', 'image', 'width', 'height', 'caption', 'text', ...provenance));
    expect(out.has(row.image)).toBe(true);
  }
  expect(rows.some((row) => markup.test(String(row.text)))).toBe(true);
  return rows.length;
}

describe(`issue 7 done-when: every format of the seeded demo from the CLI, default filter (${backendName})`, () => {
  let t: TestServer;
  let demo: Demo;
  let quinn: Api;
  let token: string;
  const dirs: string[] = [];

  /** `concord export … --out <tmp>` against the server as Quinn (QA lead): the job, and its folder. */
  async function concordExport(projectId: string, format: ExportFormat, extra: string[] = []) {
    const out = mkdtempSync(join(tmpdir(), 'concord-done-when-'));
    dirs.push(out);
    let stdout = '';
    let stderr = '';
    const code = await runCli(['export', '--project', projectId, '--format', format, '--out', out, ...extra], {
      stdout: { write: (text: string) => (stdout += text) },
      stderr: { write: (text: string) => (stderr += text), isTTY: false },
      env: { CONCORD_LOG_LEVEL: 'silent', CONCORD_SERVER: t.url, CONCORD_TOKEN: token },
      cwd: out,
    });
    expect(code, `${format}: ${stderr}`).toBe(0);
    const exportId = /^Export (exp_\w+) done: /.exec(stdout)?.[1];
    expect(exportId, stdout).toBeDefined();
    const job = await quinn.call<ExportJob>('GET', `/exports/${exportId}`);
    // The default request: accepted items only, all in train.
    expect(job.request.filters.states).toEqual(['accepted']);
    return { job, out, readme: readFileSync(join(out, 'README.md'), 'utf8') };
  }

  beforeAll(async () => {
    t = await startTestServer();
    demo = await t.api.call<Demo>('POST', '/demo');
    const account = demo.users.find((u) => u.email.startsWith('quinn@'))!;
    quinn = await createApi(t.url, account.email, account.password);
    token = (await quinn.call<{ token: string }>('POST', '/me/tokens', { name: 'done-when export' }, 201)).token;
  }, 180_000);

  afterAll(async () => {
    for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
    await t?.dispose();
  });

  const projectNamed = (name: string) => {
    const project = demo.projects.find((p) => p.name === name);
    if (!project) throw new Error(`the demo has no project ${name}`);
    return project;
  };

  for (const [taskType, name] of Object.entries(taskTypeProjects) as [keyof typeof taskTypeProjects, string][]) {
    it(`[X1][X13][C1][C3] ${name}: every ${taskType} format has rows with the trainer's fields, a README whose manifest hashes are the files'`, async () => {
      const project = projectNamed(name);
      const formats = exportFormatsFor(taskType);
      expect(formats.length).toBeGreaterThan(0);
      for (const format of formats) {
        // No flags: the CLI's defaults (OpenAI formats take images by URL, exportMediaDefault).
        const { job, out, readme } = await concordExport(project.id, format, []);
        expect(job.status).toBe('done');
        expect(job.rows, `${format} skipped ${JSON.stringify(job.skipped)}`).toBeGreaterThan(0);
        expect(checks[format](folder(out)), format).toBeGreaterThan(0);

        // The card: last file of the job, its Manifest = every other file, each hash = the file on disk.
        expect(job.files.at(-1)).toMatchObject({ path: 'README.md', sha256: sha256(join(out, 'README.md')) });
        const manifest = tableOf(readme, 'Manifest').map(([path, bytes, hash]) => ({ path, bytes: Number(bytes), sha256: hash }));
        expect(manifest, format).toEqual(job.files.slice(0, -1));
        for (const file of manifest) expect(sha256(join(out, file.path!)), `${format} ${file.path}`).toBe(file.sha256);
        const splits = tableOf(readme, 'Composition', 'Splits');
        expect(splits.reduce((n, [, , rows]) => n + Number(rows), 0), format).toBe(job.rows);
      }
    }, 120_000);
  }

  it('[X15] Demo · Quality and calibration: trl-dpo of its accepted items; the card\'s quality table is GET /projects/{id}/quality', async () => {
    const project = projectNamed(qualityProject);
    const { items } = await quinn.call<{ items: { state: string }[] }>('GET', `/projects/${project.id}/items?limit=100`);
    expect(items.length).toBeGreaterThan(0);
    expect(items.every((item) => item.state === 'accepted')).toBe(true);

    const { job, out, readme } = await concordExport(project.id, 'trl-dpo');
    expect(job.rows).toBe(items.length);
    for (const row of folder(out).jsonl('train/data.jsonl')) expect(keys(row)).toEqual(expect.arrayContaining(['prompt', 'chosen', 'rejected', 'margin']));

    const report = await quinn.call<QualityReport>('GET', `/projects/${project.id}/quality`);
    const num = (v: number | null) => (v === null ? 'n/a' : String(v));
    const expected = [report.overall, ...report.slices].map((s) => [
      s.slice === '*' ? 'all items' : s.slice,
      s.headline.metric,
      num(s.headline.value),
      s.headline.ci === null ? 'n/a' : `[${num(s.headline.ci[0])}, ${num(s.headline.ci[1])}]`,
    ]);
    expect(tableOf(readme, 'Quality').map((r) => r.slice(0, 4))).toEqual(expected);
    expect(report.slices.map((s) => s.slice).sort()).toEqual(['coding', 'reasoning', 'safety']);
    expect(report.overall.headline.value).not.toBeNull();
  }, 60_000);
});
