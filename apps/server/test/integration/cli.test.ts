import { createHash } from 'node:crypto';
import { existsSync, mkdtempSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { auditLog, createDb } from '@concord/db';
import { createTestPgliteDir } from '@concord/db/testing';
import type { ExportJob } from '@concord/protocol';
import { and, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../../src/cli/run.ts';
import { type Backend, backendName, createBackend } from '../helpers/backends.ts';
import { adminEmail, startTestServer, type TestServer } from '../helpers/test-server.ts';
import { annotateNext, qualityProject } from './quality-fixtures.ts';

/** Runs `concord …` in this process, as bin/concord.mjs → dist/cli.js would, capturing its output. */
async function concord(args: string[], env: Record<string, string>, cwd = tmpdir()) {
  let stdout = '';
  let stderr = '';
  const code = await runCli(args, {
    stdout: { write: (text: string) => (stdout += text) },
    stderr: { write: (text: string) => (stderr += text), isTTY: false },
    env: { CONCORD_LOG_LEVEL: 'silent', ...env },
    cwd,
  });
  return { code, stdout, stderr };
}

const sha256 = (path: string) => createHash('sha256').update(readFileSync(path)).digest('hex');

/** A backend laid out as the server lays out its data folder: the embedded database in `<dataDir>/db`. */
async function dataFolderBackend(): Promise<Backend> {
  if (process.env.DATABASE_URL) return createBackend();
  const dataDir = mkdtempSync(join(tmpdir(), 'concord-cli-'));
  renameSync(await createTestPgliteDir(), join(dataDir, 'db'));
  return {
    dataDir,
    database: { kind: 'pglite', dataDir: join(dataDir, 'db') },
    redis: null,
    dispose: async () => rmSync(dataDir, { recursive: true, force: true }),
  };
}

const items = [0, 1, 2].map((n) => ({
  id: `cli-${n}`,
  tags: ['cli'],
  prompt: { text: `Prompt ${n}: which answer is better?` },
  responses: [
    { model: 'model-a', text: `A careful answer ${n}.` },
    { model: 'model-b', text: `A short answer ${n}.` },
  ],
}));

describe(`concord CLI (${backendName})`, () => {
  let backend: Backend;
  let t: TestServer;
  let projectId: string;
  let annotator: Awaited<ReturnType<typeof qualityProject<'ann'>>>['people']['ann'];
  let token: string;
  let server: Record<string, string>;
  let local: Record<string, string>;
  const dirs: string[] = [];
  const tempDir = () => {
    const dir = mkdtempSync(join(tmpdir(), 'concord-cli-out-'));
    dirs.push(dir);
    return dir;
  };

  beforeAll(async () => {
    backend = await dataFolderBackend();
    t = await startTestServer({ backend });
    const setup = await qualityProject(t, {
      name: 'CLI',
      workflow: { labeling: 'blind', overlap: 1, review: false, qaSamplePercent: 0, disputes: { auto: false }, quality: { goldRatePercent: 0 } },
      people: { ann: 'annotator' },
    });
    projectId = setup.projectId;
    annotator = setup.people.ann;
    token = (await t.api.call<{ token: string }>('POST', '/me/tokens', { name: 'cli test' }, 201)).token;
    server = { CONCORD_SERVER: t.url, CONCORD_TOKEN: token };
    local = { CONCORD_DATA_DIR: backend.dataDir, ...(backend.database.kind === 'postgres' ? { DATABASE_URL: backend.database.url } : {}) };
  }, 120_000);
  afterAll(async () => {
    await t?.dispose();
    await backend?.dispose();
    for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
  });

  it('[C1][C4] imports a JSONL file through the server with an API token; a bad record is exit 1 with its line', async () => {
    const dir = tempDir();
    writeFileSync(join(dir, 'items.jsonl'), `${items.map((item) => JSON.stringify(item)).join('\n')}\n{"id":"cli-bad","responses":[]}\n`);
    const run = await concord(['import', '--project', projectId, 'items.jsonl'], server, dir);
    expect(run.stdout).toMatch(/^Import imp_\w+ done: 3 created, 0 skipped \(already there\), 1 failed\n$/);
    expect(run.stderr).toContain('line 4: ');
    expect(run.code).toBe(1);
    // Annotated through the queue (blind, overlap 1, no review): the three items end accepted.
    for (let n = 0; n < 3; n++) await annotateNext(t, annotator, projectId, () => 0);
  }, 60_000);

  let serverJob: ExportJob;
  let serverOut: string;
  it('[C1][C3] exports through the server: every file lands in --out with the hash of the manifest', async () => {
    serverOut = tempDir();
    const run = await concord(['export', '--project', projectId, '--format', 'trl-dpo', '--out', 'data', '--splits', 'train=1'], server, serverOut);
    expect(run.stderr).toMatch(/^export \[#+\] 3\/3 100% items\n$/);
    expect(run.code).toBe(0);
    const exportId = /^Export (exp_\w+) done: 3 rows from 3 items \(trl-dpo\)/.exec(run.stdout)?.[1];
    expect(exportId).toBeDefined();
    serverJob = await t.api.call<ExportJob>('GET', `/exports/${exportId}`, undefined, 200);
    expect(serverJob.files.map((f) => f.path)).toContain('train/data.jsonl');
    for (const file of serverJob.files) expect(sha256(join(serverOut, 'data', file.path))).toBe(file.sha256);
    if (serverJob.files.some((f) => f.path === 'README.md')) expect(readFileSync(join(serverOut, 'data', 'README.md'), 'utf8').length).toBeGreaterThan(0);
    const rows = readFileSync(join(serverOut, 'data', 'train/data.jsonl'), 'utf8').trim().split('\n');
    expect(rows.map((r) => (JSON.parse(r) as { chosen: string }).chosen).sort()).toEqual(['A careful answer 0.', 'A careful answer 1.', 'A careful answer 2.']);
  }, 60_000);

  it('[C4] refused requests are one line and exit 2: bad token, wrong format for the task type, unknown project, bad flag', async () => {
    const badToken = await concord(['users', 'list'], { CONCORD_SERVER: t.url, CONCORD_TOKEN: 'cpat_not-a-real-token' });
    expect(badToken).toMatchObject({ code: 2, stdout: '' });
    expect(badToken.stderr).toMatch(/^concord users: the token was refused \(401\)[^\n]*\n$/);
    const wrongFormat = await concord(['export', '--project', projectId, '--format', 'coco'], server, tempDir());
    expect(wrongFormat.code).toBe(2);
    expect(wrongFormat.stderr).toMatch(/^concord export: The coco format takes alignment projects; this is a preference project\. \(422\)\n$/);
    const unknown = await concord(['export', '--project', 'prj_abcdefghijklmnopqrstuvwxyz234567', '--format', 'trl-dpo'], server, tempDir());
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toMatch(/^concord export: Project not found or no access\. \(404\)\n$/);
    const badFlag = await concord(['export', '--project', projectId, '--format', 'trl-dpo', '--gold', 'maybe'], server);
    expect(badFlag.code).toBe(2);
    expect(badFlag.stderr).toMatch(/^concord export: --gold: /);
    const unreachable = await concord(['users', 'list'], { CONCORD_SERVER: 'http://127.0.0.1:9', CONCORD_TOKEN: token });
    expect(unreachable.code).toBe(2);
    expect(unreachable.stderr).toContain('could not reach the server at http://127.0.0.1:9/api/v1');
  }, 60_000);

  it('[C1] lists users through the server with a site admin token', async () => {
    const run = await concord(['users', 'list'], server);
    expect(run.code).toBe(0);
    const lines = run.stdout.trim().split('\n');
    expect(lines[0]).toMatch(/^EMAIL\s+NAME\s+ROLE\s+STATUS\s+ID$/);
    expect(lines.find((l) => l.startsWith(adminEmail))).toMatch(/\sadmin\s+active\s+usr_\w+$/);
    expect(lines.find((l) => l.startsWith(annotator.email))).toMatch(/\smember\s+active\s+usr_\w+$/);
  });

  it('[C5] local mode refuses an embedded database a running server holds', async () => {
    if (backend.database.kind !== 'pglite') return;
    const run = await concord(['users', 'list'], local);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain('is in use by a running Concord server');
  });

  it('[C5][C6] with the server stopped, exports from the local data folder as the first site admin, audited as them', async () => {
    await t.server.close();
    const out = tempDir();
    const run = await concord(['export', '--project', projectId, '--format', 'trl-dpo', '--out', out], local);
    expect(run.stderr).toMatch(/export \[#+\] 3\/3 100% items\n$/);
    expect(run.code).toBe(0);
    const exportId = /^Export (exp_\w+) done: 3 rows from 3 items/.exec(run.stdout)?.[1];
    expect(exportId).toBeDefined();
    expect(exportId).not.toBe(serverJob.id);
    // The same selection gives the same rows as the server's export.
    expect(readFileSync(join(out, 'train/data.jsonl'), 'utf8')).toBe(readFileSync(join(serverOut, 'data', 'train/data.jsonl'), 'utf8'));
    for (const file of serverJob.files.filter((f) => f.path.endsWith('.jsonl'))) expect(existsSync(join(out, file.path))).toBe(true);

    const created = await concord(['users', 'create', '--email', 'cli-made@example.test', '--name', 'Made by CLI', '--role', 'creator'], local);
    expect(created.code).toBe(0);
    expect(created.stdout).toMatch(/^Created cli-made@example\.test \(creator, usr_\w+\)\nPassword \(shown once\): \S{12,}\n$/);
    const listed = await concord(['users', 'list', '--json'], local);
    expect((JSON.parse(listed.stdout) as { email: string }[]).map((u) => u.email)).toContain('cli-made@example.test');

    const dir = tempDir();
    writeFileSync(join(dir, 'more.jsonl'), `${JSON.stringify({ ...items[0], id: 'cli-local' })}\n${JSON.stringify(items[1])}\n`);
    const imported = await concord(['import', '--project', projectId, 'more.jsonl'], local, dir);
    expect(imported).toMatchObject({ code: 0, stdout: expect.stringMatching(/^Import imp_\w+ done: 1 created, 1 skipped \(already there\), 0 failed\n$/) });

    const verified = await concord(['audit', 'verify', projectId, 'site'], local);
    expect(verified).toMatchObject({ code: 0, stderr: '' });
    expect(verified.stdout).toMatch(new RegExp(`^${projectId} ok \\d+ entries\nsite ok \\d+ entries\n$`));

    const handle = await createDb({
      target: backend.database.kind === 'postgres' ? { kind: 'postgres', url: backend.database.url, poolSize: 1 } : { kind: 'pglite', dataDir: backend.database.dataDir },
      migrate: false,
    });
    try {
      const [entry] = await handle.db.select().from(auditLog).where(and(eq(auditLog.subjectId, exportId!), eq(auditLog.action, 'export.created')));
      expect(entry?.actorId).toBe(t.api.userId);
    } finally {
      await handle.close();
    }
  }, 120_000);
});
