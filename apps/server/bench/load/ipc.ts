// Orchestrator ⇄ child processes: each request `{ id, type, ...body }` gets one reply `{ id, ok, value | error }`.
import { type ChildProcess, fork, spawnSync } from 'node:child_process';
import { once } from 'node:events';

interface Request {
  id: number;
  type: string;
  body: unknown;
}

type Reply = { id: number; ok: true; value: unknown } | { id: number; ok: false; error: string };

/** A forked child the orchestrator sends typed requests to. */
export interface Child {
  readonly pid: number;
  readonly pinned: boolean;
  request<T>(type: string, body?: unknown, timeoutMs?: number): Promise<T>;
  /** Asks the child to stop (a `stop` request), then waits for it to exit; kills it after 20 s. */
  stop(): Promise<void>;
  kill(): void;
}

/** Whether `taskset` can pin processes here (checked once). */
export const canPin = spawnSync('taskset', ['-p', String(process.pid)], { stdio: 'ignore' }).status === 0;

/**
 * Forks `file` through tsx with `args` as its one JSON argument, pinned (with all its threads) to `cpu`
 * when taskset is available.
 * @example const server = await forkChild({ file, args: { kind: 'concord' }, cpu: 0, nodeFlags: ['--expose-gc'] });
 */
export async function forkChild(options: { file: string; args: unknown; cpu: number | null; nodeFlags?: string[]; env?: NodeJS.ProcessEnv }): Promise<Child> {
  const child: ChildProcess = fork(options.file, [JSON.stringify(options.args)], {
    execArgv: [...(options.nodeFlags ?? []), '--import', 'tsx'],
    env: { ...process.env, ...options.env },
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  const pid = child.pid;
  if (pid === undefined) throw new Error(`could not fork ${options.file}`);
  const pinned = options.cpu !== null && canPin && spawnSync('taskset', ['-a', '-p', '-c', String(options.cpu), String(pid)], { stdio: 'ignore' }).status === 0;
  let nextId = 1;
  const waiting = new Map<number, { resolve: (value: unknown) => void; reject: (error: Error) => void }>();
  let exited = false;
  const exit = once(child, 'exit').then(() => {
    exited = true;
    for (const { reject } of waiting.values()) reject(new Error(`${options.file} exited (code ${child.exitCode ?? child.signalCode})`));
    waiting.clear();
  });
  child.on('message', (message: Reply) => {
    const pending = waiting.get(message.id);
    if (!pending) return;
    waiting.delete(message.id);
    if (message.ok) pending.resolve(message.value);
    else pending.reject(new Error(message.error));
  });
  const handle: Child = {
    pid,
    pinned,
    request<T>(type: string, body: unknown = null, timeoutMs = 300_000): Promise<T> {
      if (exited) return Promise.reject(new Error(`${options.file} has exited`));
      const id = nextId++;
      return new Promise<T>((resolve, reject) => {
        const timer = setTimeout(() => {
          waiting.delete(id);
          reject(new Error(`${type} to ${options.file} timed out after ${timeoutMs} ms`));
        }, timeoutMs);
        waiting.set(id, {
          resolve: (value) => {
            clearTimeout(timer);
            resolve(value as T);
          },
          reject: (error) => {
            clearTimeout(timer);
            reject(error);
          },
        });
        child.send({ id, type, body } satisfies Request);
      });
    },
    async stop() {
      if (exited) return;
      const killer = setTimeout(() => child.kill('SIGKILL'), 20_000);
      await handle.request('stop', null, 20_000).catch(() => {});
      await exit;
      clearTimeout(killer);
    },
    kill() {
      if (!exited) child.kill('SIGKILL');
    },
  };
  // The child says `ready` once its module has loaded.
  await new Promise<void>((resolve, reject) => {
    const onMessage = (message: { ready?: boolean }) => {
      if (message.ready) {
        child.off('message', onMessage);
        resolve();
      }
    };
    child.on('message', onMessage);
    void exit.then(() => reject(new Error(`${options.file} exited before it was ready`)));
  });
  return handle;
}

/**
 * In a child: answers the orchestrator's requests with `handlers` and says it is ready. A `stop` request
 * runs the `stop` handler (if any), replies and exits.
 */
export function serveRequests(handlers: Record<string, (body: never) => unknown>): void {
  const send = (reply: Reply) => process.send?.(reply);
  process.on('message', (message: Request) => {
    const handler = handlers[message.type];
    if (!handler) {
      send({ id: message.id, ok: false, error: `unknown request ${message.type}` });
      return;
    }
    Promise.resolve()
      .then(() => handler(message.body as never))
      .then(
        (value) => {
          send({ id: message.id, ok: true, value: value ?? null });
          if (message.type === 'stop') setTimeout(() => process.exit(0), 50);
        },
        (error: unknown) => send({ id: message.id, ok: false, error: error instanceof Error ? (error.stack ?? error.message) : String(error) }),
      );
  });
  process.on('disconnect', () => process.exit(0));
  process.send?.({ ready: true });
}

/** The JSON argument a child was forked with. */
export function childArgs<T>(): T {
  const raw = process.argv[2];
  if (!raw) throw new Error('missing JSON argument');
  return JSON.parse(raw) as T;
}
