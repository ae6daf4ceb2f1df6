/**
 * Abuse case 16: what people type comes out of exports harmless and exact.
 * CSV (the quality export): every text cell a spreadsheet would evaluate (= + - @ tab CR) is neutralised,
 * whoever typed it. JSONL (dataset exports): U+2028/U+2029, quotes, backslashes, markup and emoji
 * round-trip byte-exactly and never break a line; text that cannot be stored at all (NUL, an unpaired
 * surrogate) is refused at the door with a 400 naming the field, never a 500, and nothing is stored.
 */
import { items } from '@concord/db';
import { count, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { unstorablePath } from '../../src/imports/unstorable-text.ts';
import type { Api } from '../helpers/api.ts';
import { startTestServer, type TestServer } from '../helpers/test-server.ts';
import { allRows, download, runExport } from '../integration/exports-fixtures.ts';
import { annotateNext, preferenceItem, qualityProject } from '../integration/quality-fixtures.ts';

/** Names a spreadsheet would run, one per leading character CSV injection uses. */
const formulaNames = ['=1+2', '+cmd|calc', '-2+3+cmd', '@SUM(A1)', '\t=tab', '\r=cr'] as const;

/** Text that must survive a JSONL export exactly. */
const hostileText = [
  'line\u2028separator and paragraph\u2029separator',
  '</script><img src=x onerror=alert(1)> "quoted" \\ back\\slash',
  '=HYPERLINK("http://evil.example","click") @x +y -z',
  'emoji 😀 and combining e\u0301 and bidi \u202Eevil\u202C',
];

/** RFC 4180 fields of a CSV text (quoted fields may hold commas, quotes and line breaks). */
function csvCells(text: string): string[][] {
  const rows: string[][] = [[]];
  let cell = '';
  let quoted = false;
  const endCell = () => {
    rows.at(-1)!.push(cell);
    cell = '';
  };
  for (let i = 0; i < text.length; i++) {
    const ch = text[i]!;
    if (quoted && ch === '"' && text[i + 1] === '"') {
      cell += '"';
      i += 1;
    } else if (ch === '"') {
      quoted = !quoted;
    } else if (!quoted && ch === ',') {
      endCell();
    } else if (!quoted && ch === '\r' && text[i + 1] === '\n') {
      endCell();
      rows.push([]);
      i += 1;
    } else {
      cell += ch;
    }
  }
  return rows.filter((r) => r.length > 0);
}

let t: TestServer;
let projectId: string;
let people: Record<string, Api & { email: string }>;
const itemIds: string[] = [];

beforeAll(async () => {
  t = await startTestServer();
  const roles: Record<string, string> = { quinn: 'qa_lead' };
  for (const name of formulaNames) roles[name] = 'annotator';
  ({ projectId, people } = await qualityProject(t, {
    name: 'Injection',
    workflow: { labeling: 'blind', overlap: 1, review: false, qaSamplePercent: 0, disputes: { auto: false }, quality: { goldRatePercent: 0 } },
    people: roles,
  }));
  for (let n = 0; n < formulaNames.length; n++) {
    const item = preferenceItem(n, { tags: ['-1', '-cmd'] });
    item.seed.prompt.text = hostileText[n % hostileText.length]!;
    if (item.seed.taskType === 'preference') item.seed.responses[0]!.text = hostileText[(n + 1) % hostileText.length]!;
    itemIds.push((await t.api.createItem(projectId, item)).id);
  }
  for (const name of formulaNames) await annotateNext(t, people[name]!, projectId, () => 0);
}, 120_000);

afterAll(async () => {
  await t?.dispose();
});

describe('CSV export (abuse case 16)', () => {
  it.each(['annotators', 'slices', 'pairs', 'flags', 'fields'])('[R3] %s: no cell starts with = + - @ tab or CR unless it is a number', async (table) => {
    const res = await fetch(`${t.url}/api/v1/projects/${projectId}/quality/export?format=csv&table=${table}`, {
      headers: { authorization: `Bearer ${people.quinn!.token}` },
    });
    expect(res.status).toBe(200);
    const cells = csvCells(await res.text()).flat();
    const dangerous = cells.filter((cell) => /^[=+\-@\t\r]/.test(cell) && !Number.isFinite(Number(cell)));
    expect(dangerous).toEqual([]);
  });

  it('[R3] every formula name is in the annotators table, neutralised with a leading quote', async () => {
    const res = await fetch(`${t.url}/api/v1/projects/${projectId}/quality/export?format=csv&table=annotators`, {
      headers: { authorization: `Bearer ${people.quinn!.token}` },
    });
    const names = csvCells(await res.text()).map((row) => row[1]);
    const users = await t.api.call<{ items: { id: string; name: string }[] }>('GET', '/users?limit=200');
    for (const name of formulaNames) {
      const stored = users.items.find((u) => u.id === people[name]!.userId)!.name;
      if (/^[=+\-@\t\r]/.test(stored)) expect(names, JSON.stringify(stored)).toContain(`'${stored}`);
      expect(names, JSON.stringify(stored)).not.toContain(stored);
    }
  });
});

describe('JSONL export (abuse case 16)', () => {
  it('[X3] U+2028/U+2029, quotes, markup and emoji round-trip exactly, escaped so no line breaks', async () => {
    const job = await runExport(people.quinn!, projectId, { format: 'trl-dpo' });
    expect(job).toMatchObject({ status: 'done', rows: formulaNames.length });
    for (const file of job.files.filter((f) => f.path.endsWith('.jsonl'))) {
      const raw = (await download(t, people.quinn!, job.id, file.path)).bytes.toString('utf8');
      expect(raw).not.toMatch(/[\u2028\u2029]/);
      for (const line of raw.split('\n').filter(Boolean)) expect(() => JSON.parse(line) as unknown).not.toThrow();
    }
    const rows = await allRows(t, people.quinn!, job);
    const prompts = rows.map((r) => r.prompt).sort();
    const expected = itemIds.map((_, n) => hostileText[n % hostileText.length]!).sort();
    expect(prompts).toEqual(expected);
    const answers = new Set(rows.flatMap((r) => [r.chosen, r.rejected]));
    for (let n = 0; n < itemIds.length; n++) expect(answers.has(hostileText[(n + 1) % hostileText.length]!)).toBe(true);
  });

  it.each([
    ['an unpaired high surrogate', 'lone \ud800 high'],
    ['an unpaired low surrogate', 'lone \udc00 low'],
    ['a NUL character', 'nul \u0000 byte'],
  ])('[V21] an item whose text holds %s is 400 naming the field, and nothing is stored', async (_what, text) => {
    const [before] = await t.server.services.db.db.select({ n: count() }).from(items).where(eq(items.projectId, projectId));
    const item = preferenceItem(99);
    item.seed.prompt.text = text;
    const res = await fetch(`${t.url}/api/v1/projects/${projectId}/items`, {
      method: 'POST',
      headers: { authorization: `Bearer ${t.api.token}`, 'content-type': 'application/json' },
      body: JSON.stringify(item),
    });
    expect(res.status).toBe(400);
    const body = (await res.json()) as { error: { code: string; message: string } };
    expect(body.error.code).toBe('bad_request');
    expect(body.error.message).toContain('seed.prompt.text');
    const [after] = await t.server.services.db.db.select({ n: count() }).from(items).where(eq(items.projectId, projectId));
    expect(after!.n).toBe(before!.n);
  });

  it('[V21][I14] an import line with unstorable text fails alone with a clear error; the other lines import', async () => {
    const lines = [
      { id: 'good-1', prompt: { text: 'fine' }, responses: [{ model: 'a', text: 'x' }, { model: 'b', text: 'y' }] },
      { id: 'bad-1', prompt: { text: 'lone \ud800' }, responses: [{ model: 'a', text: 'x' }, { model: 'b', text: 'y' }] },
      { id: 'bad-2', prompt: { text: 'nul \u0000' }, responses: [{ model: 'a', text: 'x' }, { model: 'b', text: 'y' }] },
    ];
    const started = await fetch(`${t.url}/api/v1/projects/${projectId}/imports?format=jsonl`, {
      method: 'POST',
      headers: { authorization: `Bearer ${t.api.token}`, 'content-type': 'application/x-ndjson' },
      body: lines.map((l) => JSON.stringify(l)).join('\n'),
    });
    expect(started.status).toBe(202);
    const { id } = (await started.json()) as { id: string };
    let done: { status: string; created: number; failed: number; errors: { line: number; message: string }[] } | undefined;
    for (let i = 0; i < 200; i++) {
      done = await t.api.call('GET', `/imports/${id}`);
      if (done!.status !== 'running') break;
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    expect(done).toMatchObject({ status: 'done', created: 1, failed: 2 });
    expect(done!.errors.map((e) => e.line)).toEqual([2, 3]);
    for (const error of done!.errors) expect(error.message).toBe('prompt.text: contains a NUL character or an unpaired UTF-16 surrogate, which cannot be stored');
  });

  it('[V21] unstorablePath finds NULs and unpaired surrogates in values and keys, and passes pairs', () => {
    expect(unstorablePath({ a: ['ok', { b: 'x\ud83d' }] })).toBe('a.1.b');
    expect(unstorablePath({ ['k\u0000']: 1 })).toBe('k\u0000');
    expect(unstorablePath('\udc00')).toBe('(value)');
    expect(unstorablePath({ a: '😀 \u2028 é', n: 1, z: null })).toBeNull();
  });
});
