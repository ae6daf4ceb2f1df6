import { collectDefaultMetrics, Counter, Gauge, Histogram, Registry } from 'prom-client';

/** Upper bounds (seconds) of the store-append histogram: a local commit is ~0.5-2 ms, a slow disk or a far database 10-100 ms. */
const appendBuckets = [0.0005, 0.001, 0.0015, 0.002, 0.003, 0.005, 0.0075, 0.01, 0.015, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5];

let processMetrics: Registry | null = null;

/** Node's own metrics, collected once per process however many servers it runs (the tests start many). */
function processRegistry(): Registry {
  if (!processMetrics) {
    processMetrics = new Registry();
    collectDefaultMetrics({ register: processMetrics, prefix: 'concord_node_' });
  }
  return processMetrics;
}

/** Live figures the metrics read when scraped (they belong to modules created after the metrics). */
export interface MetricSources {
  documentSockets(): number;
  documentsLoaded(): number;
  appSockets(): number;
}

/**
 * One instance's operational metrics in Prometheus' format: the document sockets and rooms it holds,
 * how long durable appends take (the wait every edit makes before it is broadcast, rooms R1), how many
 * document messages it writes to sockets, why it closed document sockets, what it had to read back from
 * the store because a fan-out message was missed, and Node's own (event loop delay, GC, heap).
 * Each instance reports only itself: scrape every instance.
 * @example const metrics = createMetrics(); metrics.track({ documentSockets: () => yjs.connectionCount(), ... });
 */
export function createMetrics() {
  // Node's figures start at boot, not at the first scrape (event loop delay and GC are observed over time).
  processRegistry();
  const registry = new Registry();
  const sources: { current: MetricSources | null } = { current: null };
  const gauge = (name: string, help: string, read: (s: MetricSources) => number) =>
    new Gauge({
      name,
      help,
      registers: [registry],
      collect() {
        this.set(sources.current ? read(sources.current) : 0);
      },
    });
  gauge('concord_document_sockets', 'Open Yjs document sockets on this instance.', (s) => s.documentSockets());
  gauge('concord_documents_loaded', 'Documents loaded in memory on this instance.', (s) => s.documentsLoaded());
  gauge('concord_app_sockets', 'Open socket.io sockets on this instance.', (s) => s.appSockets());

  return {
    /** The text a scrape returns: this instance's metrics, then the process' (Node's event loop, GC, heap). */
    async exposition(): Promise<string> {
      return (await registry.metrics()) + (await processRegistry().metrics());
    },
    contentType: registry.contentType,
    storeAppendSeconds: new Histogram({
      name: 'concord_store_append_seconds',
      help: 'Time from handing a batch of document updates to the store until it is committed; edits are broadcast after it.',
      buckets: appendBuckets,
      registers: [registry],
    }),
    storeAppendFailures: new Counter({
      name: 'concord_store_append_failures_total',
      help: 'Appends the store refused or could not make (the room keeps the updates and retries).',
      registers: [registry],
    }),
    updatesStored: new Counter({
      name: 'concord_updates_stored_total',
      help: 'Document updates made on this instance and committed to the store.',
      registers: [registry],
    }),
    messagesSent: new Counter({
      name: 'concord_document_messages_sent_total',
      help: 'Yjs protocol messages written to document sockets (a broadcast to n peers counts n).',
      registers: [registry],
    }),
    socketsClosed: new Counter({
      name: 'concord_document_sockets_closed_total',
      help: 'Document sockets this instance closed, by close code (4429 rate limited, 1008 policy, 1012 restart ...).',
      labelNames: ['code'] as const,
      registers: [registry],
    }),
    updatesCaughtUp: new Counter({
      name: 'concord_updates_caught_up_total',
      help: 'Updates read back from the store because their fan-out message from another instance was missed or late.',
      registers: [registry],
    }),
    /** Connects the gauges to what they count; until then they read 0. */
    track(current: MetricSources): void {
      sources.current = current;
    },
  };
}

export type Metrics = ReturnType<typeof createMetrics>;
