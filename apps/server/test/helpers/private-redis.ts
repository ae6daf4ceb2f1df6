import { type ChildProcess, execFile, spawn } from 'node:child_process';
import { promisify } from 'node:util';
import { freePort } from './child-server.ts';

const run = promisify(execFile);

export interface PrivateRedis {
  port: number;
  url: string;
  /** `redis-cli shutdown nosave`: every connection drops, nothing is kept. */
  stop(): Promise<void>;
  /** Starts it again, empty, on the same port. */
  start(): Promise<void>;
  /** Kills the pub/sub (subscriber) connections only: `CLIENT KILL TYPE pubsub`. */
  killSubscribers(): Promise<void>;
  dispose(): Promise<void>;
}

/**
 * A redis-server of the test's own on a free port (never the shared one): tests stop it, restart it
 * and kill its connections. Needs the `redis-server` and `redis-cli` binaries.
 * @example const redis = await startPrivateRedis(); ...; await redis.stop(); await redis.start();
 */
export async function startPrivateRedis(): Promise<PrivateRedis> {
  const port = await freePort();
  let child: ChildProcess | null = null;
  const cli = (...args: string[]) => run('redis-cli', ['-p', String(port), ...args]);

  const start = async () => {
    const spawned = spawn('redis-server', ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no'], {
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    child = spawned;
    let output = '';
    await new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`redis-server did not start:\n${output}`)), 10_000);
      spawned.stdout?.on('data', (chunk: Buffer) => {
        output += chunk.toString();
        if (output.includes('Ready to accept connections')) {
          clearTimeout(timer);
          resolve();
        }
      });
      spawned.once('exit', (code) => {
        clearTimeout(timer);
        reject(new Error(`redis-server exited with ${code}:\n${output}`));
      });
    });
  };

  const stop = async () => {
    const current = child;
    if (!current || current.exitCode !== null || current.signalCode !== null) return;
    const exited = new Promise<void>((resolve) => current.once('exit', () => resolve()));
    await cli('shutdown', 'nosave').catch(() => current.kill('SIGKILL'));
    await exited;
    child = null;
  };

  await start();
  return {
    port,
    url: `redis://127.0.0.1:${port}`,
    stop,
    start,
    async killSubscribers() {
      await cli('client', 'kill', 'type', 'pubsub');
    },
    dispose: stop,
  };
}
