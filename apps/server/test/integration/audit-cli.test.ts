import { spawn } from 'node:child_process';
import { mkdtempSync, renameSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createDb, type DbHandle } from '@concord/db';
import { createTestPgliteDir, createTestPostgresDatabase } from '@concord/db/testing';
import { newId } from '@concord/protocol';
import { sql } from 'drizzle-orm';
import { afterEach, describe, expect, it } from 'vitest';
import { appendAudit } from '../../src/audit/append.ts';
import { builtOrSource } from '../helpers/child-server.ts';

const repoRoot = fileURLToPath(new URL('../../../../', import.meta.url));

/** Runs `audit:verify` (dist/audit-verify.js, or its source when that is newer) with only these variables. */
function runCli(env: Record<string, string>, args: string[] = []): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [...builtOrSource('audit-verify.js', 'audit/verify-cli.ts'), ...args], {
      cwd: repoRoot,
      env: { PATH: process.env.PATH ?? '', CONCORD_LOG_LEVEL: 'silent', ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.once('error', reject);
    child.once('exit', (code) => resolve({ code, stdout, stderr }));
  });
}

async function fill(handle: DbHandle, chain: string | null, n: number): Promise<void> {
  for (let i = 0; i < n; i++) {
    await handle.db.transaction((tx) =>
      appendAudit(tx, { projectId: chain, actorId: null, action: 'item.state', subjectType: 'item', subjectId: `itm_${i}`, after: { i } }),
    );
  }
}

async function tamper(handle: DbHandle, chain: string, seq: number): Promise<void> {
  await handle.db.transaction(async (tx) => {
    await tx.execute(sql`alter table "audit_log" disable trigger "audit_log_no_update"`);
    await tx.execute(sql`update "audit_log" set "after" = '{"i":1000}'::jsonb where "chain" = ${chain} and "seq" = ${seq}`);
    await tx.execute(sql`alter table "audit_log" enable trigger "audit_log_no_update"`);
  });
}

const cleanups: Array<() => Promise<void> | void> = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

/** The embedded database as the server lays it out: `<CONCORD_DATA_DIR>/db`, migrated. */
async function pgliteBackend(): Promise<{ env: Record<string, string>; open(): Promise<DbHandle> }> {
  const dataDir = mkdtempSync(join(tmpdir(), 'concord-audit-cli-'));
  renameSync(await createTestPgliteDir(), join(dataDir, 'db'));
  cleanups.push(() => rmSync(dataDir, { recursive: true, force: true }));
  return {
    env: { CONCORD_DATA_DIR: dataDir },
    open: () => createDb({ target: { kind: 'pglite', dataDir: join(dataDir, 'db') }, migrate: false }),
  };
}

async function postgresBackend(): Promise<{ env: Record<string, string>; open(): Promise<DbHandle> }> {
  const database = await createTestPostgresDatabase();
  cleanups.push(() => database.drop());
  const dataDir = mkdtempSync(join(tmpdir(), 'concord-audit-cli-'));
  cleanups.push(() => rmSync(dataDir, { recursive: true, force: true }));
  return {
    env: { CONCORD_DATA_DIR: dataDir, DATABASE_URL: database.url },
    open: () => createDb({ target: { kind: 'postgres', url: database.url, poolSize: 2 } }),
  };
}

const backends = process.env.DATABASE_URL ? { pglite: pgliteBackend, postgres: postgresBackend } : { pglite: pgliteBackend };

describe.each(Object.entries(backends))('npm run audit:verify on %s', (_name, makeBackend) => {
  it('[A3][A7] prints one ok line per chain and exits 0; after tampering names the chain, seq and reason and exits 1', async () => {
    const backend = await makeBackend();
    const good = newId('project');
    const bad = newId('project');
    let handle = await backend.open();
    await fill(handle, good, 4);
    await fill(handle, bad, 3);
    await fill(handle, null, 1);
    // The embedded database belongs to one process at a time: close it before the CLI opens it.
    await handle.close();

    const clean = await runCli(backend.env);
    expect(clean.stderr).toBe('');
    expect(clean.code).toBe(0);
    expect(clean.stdout.trim().split('\n').sort()).toEqual([`${bad} ok 3 entries`, `${good} ok 4 entries`, 'site ok 1 entry'].sort());

    handle = await backend.open();
    await tamper(handle, bad, 2);
    await handle.close();

    // Named chains are verified in the order given.
    const broken = await runCli(backend.env, [good, bad]);
    expect({ code: broken.code, stdout: broken.stdout }).toEqual({ code: 1, stdout: `${good} ok 4 entries\n${bad} BROKEN at seq 2: hash_mismatch\n` });
  }, 120_000);
});

describe('npm run audit:verify without a database', () => {
  it('[A7] exits 2 and says why when there is no database or the configuration is invalid', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'concord-audit-cli-'));
    cleanups.push(() => rmSync(dataDir, { recursive: true, force: true }));
    const missing = await runCli({ CONCORD_DATA_DIR: dataDir });
    expect(missing.code).toBe(2);
    expect(missing.stderr).toContain('No database in');
    const invalid = await runCli({ CONCORD_DATA_DIR: dataDir, DATABASE_URL: 'mysql://nope' });
    expect(invalid.code).toBe(2);
    expect(invalid.stderr).toContain('DATABASE_URL');
  }, 120_000);
});
