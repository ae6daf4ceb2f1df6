import { type ChildProcess, spawn } from 'node:child_process';
import { createServer } from 'node:net';
import { fileURLToPath } from 'node:url';
import { type Backend, backendEnv } from './backends.ts';
import { adminEmail, adminPassword } from './test-server.ts';

const mainPath = fileURLToPath(new URL('../../src/main.ts', import.meta.url));
const repoRoot = fileURLToPath(new URL('../../../../', import.meta.url));

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

/** Starts `src/main.ts` in a child process, as `npm start` would, and waits until it listens. */
export async function startChildServer(options: { backend: Backend; port: number; env?: Record<string, string> }): Promise<ChildServer> {
  const child = spawn(process.execPath, ['--import', 'tsx', mainPath], {
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
