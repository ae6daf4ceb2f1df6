import { type ChildProcess, spawn } from 'node:child_process';
import { readdirSync, statSync } from 'node:fs';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { type Backend, backendEnv } from './backends.ts';
import { adminEmail, adminPassword } from './test-server.ts';

const repoRoot = fileURLToPath(new URL('../../../../', import.meta.url));
const sourceDirs = ['apps/server/src', ...readdirSync(join(repoRoot, 'packages')).flatMap((name) => [`packages/${name}/src`, `packages/${name}/drizzle`])];

/** The newest modification time of a file under these folders of the repository (0 when none exist). */
function newestMtime(dirs: string[]): number {
  let newest = 0;
  for (const dir of dirs) {
    let files: string[];
    try {
      files = readdirSync(join(repoRoot, dir), { recursive: true }).map(String);
    } catch {
      continue;
    }
    for (const file of files) newest = Math.max(newest, statSync(join(repoRoot, dir, file)).mtimeMs);
  }
  return newest;
}

let sourceMtime: number | null = null;

/**
 * The node arguments that run one of the server's entry points as the built package does: its bundle in
 * `dist/` when that is newer than every source file (`npm test` builds first), else its source through
 * tsx, so a test run right after an edit never runs stale code. From source a start costs ~3 s more CPU.
 * @example spawn(process.execPath, [...builtOrSource('main.js', 'main.ts'), ...args])
 */
export function builtOrSource(distFile: string, srcFile: string): string[] {
  const dist = join(repoRoot, 'apps/server/dist', distFile);
  let built = 0;
  try {
    built = statSync(dist).mtimeMs;
  } catch {
    // Not built.
  }
  sourceMtime ??= newestMtime(sourceDirs);
  return built > sourceMtime ? [dist] : ['--import', 'tsx', join(repoRoot, 'apps/server/src', srcFile)];
}

/** A free TCP port on 127.0.0.1 (so a restarted server comes back where clients reconnect). */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = createServer();
    probe.once('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const { port } = probe.address() as { port: number };
      probe.close(() => resolve(port));
    });
  });
}

export interface ChildServer {
  process: ChildProcess;
  url: string;
  output(): string;
  /** kill -9: no shutdown hook runs. */
  kill9(): Promise<void>;
  stop(): Promise<void>;
}

/** Starts the server in a child process, as `npm start` would (`builtOrSource`), and waits until it listens. */
export async function startChildServer(options: { backend: Backend; port: number; env?: Record<string, string> }): Promise<ChildServer> {
  const child = spawn(process.execPath, builtOrSource('main.js', 'main.ts'), {
    cwd: repoRoot,
    env: {
      PATH: process.env.PATH ?? '',
      ...backendEnv(options.backend),
      PORT: String(options.port),
      HOST: '127.0.0.1',
      CONCORD_ADMIN_EMAIL: adminEmail,
      CONCORD_ADMIN_PASSWORD: adminPassword,
      CONCORD_LOG_LEVEL: 'warn',
      // The drills drive hundreds of sockets with one admin token, each reconnect storm a sync per socket: the
      // per-user work budget (rooms R18) is for people and has its own test (security/work-budget.test.ts).
      CONCORD_WS_MAX_WORK_MS_PER_SECOND: '1000000',
      ...options.env,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  await new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`server did not start:\n${output}`)), 60_000);
    const onData = (chunk: Buffer) => {
      output += chunk.toString();
      if (output.includes('Concord is running at')) {
        clearTimeout(timer);
        resolve();
      }
    };
    child.stdout?.on('data', onData);
    child.stderr?.on('data', onData);
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`server exited with ${code}:\n${output}`));
    });
  });
  return {
    process: child,
    url: `http://127.0.0.1:${options.port}`,
    output: () => output,
    async kill9() {
      child.kill('SIGKILL');
      await exited;
    },
    async stop() {
      if (child.exitCode !== null || child.signalCode !== null) return;
      child.kill('SIGTERM');
      await exited;
    },
  };
}
