import { execFile } from 'node:child_process';
import { chownSync, existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { freePort } from './child-server.ts';

const run = promisify(execFile);
const installRoot = '/usr/lib/postgresql';

export interface PrivatePostgres {
  port: number;
  /** Trust auth as `postgres` on the `postgres` database. */
  url: string;
  /** `pg_ctl stop -m fast`: every connection is closed; the data stays. */
  stop(): Promise<void>;
  /** Starts it again on the same port and data. */
  start(): Promise<void>;
  /** Stops it, waits `downMs`, starts it again. */
  restart(downMs?: number): Promise<void>;
  dispose(): Promise<void>;
}

/**
 * The directory holding `initdb` and `pg_ctl` (the newest version under /usr/lib/postgresql), or null
 * when no Postgres server is installed: callers skip with that reason.
 */
export function postgresBinDir(): string | null {
  if (!existsSync(installRoot)) return null;
  const versions = readdirSync(installRoot)
    .filter((name) => existsSync(join(installRoot, name, 'bin', 'initdb')) && existsSync(join(installRoot, name, 'bin', 'pg_ctl')))
    .sort((a, b) => Number(b) - Number(a));
  return versions.length > 0 ? join(installRoot, versions[0]!, 'bin') : null;
}

/**
 * A Postgres cluster of the caller's own (initdb into a temp dir, a free port, trust auth, its unix
 * socket in that dir), never the shared one: drills stop and restart it. Postgres refuses to run as
 * root, so under root (CI) initdb and pg_ctl run as the `postgres` user.
 * @example const pg = await startPrivatePostgres(); ...; await pg.restart(3000); ...; await pg.dispose();
 */
export async function startPrivatePostgres(): Promise<PrivatePostgres> {
  const binDir = postgresBinDir();
  if (!binDir) throw new Error(`no Postgres server binaries under ${installRoot}`);
  const port = await freePort();
  const root = mkdtempSync(join(tmpdir(), 'concord-private-pg-'));
  const dataDir = join(root, 'data');
  const asRoot = process.getuid?.() === 0;
  if (asRoot) {
    const { stdout } = await run('id', ['-u', 'postgres']);
    const { stdout: gid } = await run('id', ['-g', 'postgres']);
    chownSync(root, Number(stdout.trim()), Number(gid.trim()));
  }
  const tool = (name: string, args: string[]) =>
    asRoot ? run('runuser', ['-u', 'postgres', '--', join(binDir, name), ...args]) : run(join(binDir, name), args);
  const serverOptions = `-p ${port} -h 127.0.0.1 -k ${root} -c fsync=off -c full_page_writes=off`;
  let running = false;

  const start = async () => {
    await tool('pg_ctl', ['-D', dataDir, '-l', join(root, 'server.log'), '-o', serverOptions, '-w', '-t', '30', 'start']);
    running = true;
  };
  const stop = async () => {
    if (!running) return;
    await tool('pg_ctl', ['-D', dataDir, '-m', 'fast', '-w', 'stop']);
    running = false;
  };

  try {
    await tool('initdb', ['-D', dataDir, '-U', 'postgres', '--auth=trust', '--no-sync', '-E', 'UTF8', '--locale=C']);
    await start();
  } catch (error) {
    rmSync(root, { recursive: true, force: true });
    throw error;
  }
  return {
    port,
    url: `postgres://postgres@127.0.0.1:${port}/postgres`,
    stop,
    start,
    async restart(downMs = 0) {
      await stop();
      await new Promise((resolve) => setTimeout(resolve, downMs));
      await start();
    },
    async dispose() {
      try {
        if (running) await tool('pg_ctl', ['-D', dataDir, '-m', 'immediate', '-w', 'stop']);
      } finally {
        running = false;
        rmSync(root, { recursive: true, force: true });
      }
    },
  };
}
