// The part every server child shares: stats, gc and stop over IPC around a kind-specific server.
import { serveRequests } from '../ipc.ts';
import type { DocTarget, Histogram, ServerStats } from './types.ts';

/** What each server module provides to serveServer. */
export interface BenchServer {
  /** Base URL a stock client takes (y-websocket's serverUrl, hocuspocus' url). */
  url: string;
  port: number;
  /** Creates `documents` documents (and what clients need to open them). */
  setup(options: { documents: number }): Promise<DocTarget[]>;
  docsLoaded(): Promise<number>;
  /** Concord: how long its durable appends took so far (its metrics' histogram). */
  appendHistogram?(): Promise<Histogram>;
  /** Stores what is pending and closes. */
  close(): Promise<void>;
}

/** Starts `start()` on the orchestrator's `start` request and answers stats/gc/setup/stop for it. */
export function serveServer(start: () => Promise<BenchServer>): void {
  let server: BenchServer | null = null;
  const running = (): BenchServer => {
    if (!server) throw new Error('server not started');
    return server;
  };
  serveRequests({
    start: async () => {
      server = await start();
      return { url: server.url, port: server.port };
    },
    setup: (body: { documents: number }) => running().setup(body),
    stats: async (): Promise<ServerStats> => {
      const cpu = process.cpuUsage();
      const rss = process.memoryUsage().rss;
      return {
        cpuUs: cpu.user + cpu.system,
        rss,
        docsLoaded: server ? await server.docsLoaded() : 0,
        appendHistogram: await server?.appendHistogram?.(),
      };
    },
    gc: async () => {
      const gc = (globalThis as { gc?: () => void }).gc;
      if (!gc) throw new Error('run the server child with --expose-gc');
      for (let i = 0; i < 3; i++) {
        gc();
        await new Promise((resolve) => setImmediate(resolve));
      }
    },
    stop: async () => {
      await server?.close();
    },
  });
}
