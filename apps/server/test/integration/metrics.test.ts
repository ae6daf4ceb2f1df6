import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { backendName } from '../helpers/backends.ts';
import { scrapeMetrics } from '../helpers/metrics.ts';
import { startTestServer, type TestServer } from '../helpers/test-server.ts';
import { closeOf, connectYjs, eventually, opened, rawSocket, synced, type YjsClient } from '../helpers/yjs-client.ts';

const metricsToken = 'metrics-scraper-token-0123456789abcdef';

describe(`GET /metrics (${backendName})`, () => {
  let t: TestServer;
  const clients: YjsClient[] = [];

  beforeAll(async () => {
    t = await startTestServer({ overrides: { metricsToken } });
  });

  afterAll(async () => {
    for (const client of clients) client.destroy();
    await t?.dispose();
  });

  const get = (token?: string) => fetch(`${t.url}/metrics`, { headers: token ? { authorization: `Bearer ${token}` } : {} });

  it('[H3] answers the metrics token and site admins; 401 without a valid token, 403 for other users', async () => {
    expect((await get()).status).toBe(401);
    expect((await get('not-the-token-and-not-a-session-token')).status).toBe(401);
    const annotator = await t.api.createUser('Scraper wannabe');
    const refused = await get(annotator.token);
    expect(refused.status).toBe(403);
    expect(((await refused.json()) as { error: { code: string } }).error.code).toBe('forbidden');
    for (const token of [metricsToken, t.api.token]) {
      const res = await get(token);
      expect(res.status).toBe(200);
      expect(res.headers.get('content-type')).toMatch(/^text\/plain; version=0\.0\.4/);
      expect(res.headers.get('cache-control')).toBe('no-store');
      const text = await res.text();
      expect(text).toContain('# TYPE concord_store_append_seconds histogram');
      expect(text).toContain('concord_node_nodejs_eventloop_lag_p99_seconds');
    }
    // The metrics token opens nothing else.
    expect((await fetch(`${t.url}/api/v1/projects`, { headers: { authorization: `Bearer ${metricsToken}` } })).status).toBe(401);
  });

  it('[H3] counts sockets, documents, durable appends, messages sent and closes by code', async () => {
    const before = await scrapeMetrics(t.url, metricsToken);
    const project = await t.api.createProject('Metrics');
    const { id } = await t.api.createDocument(project.id);
    const a = connectYjs(t.wsUrl, id, t.api.token);
    const b = connectYjs(t.wsUrl, id, t.api.token);
    clients.push(a, b);
    await Promise.all([synced(a), synced(b)]);
    a.text.insert(0, 'measured');
    await eventually(() => b.text.toString() === 'measured', 10_000, 'the edit at b');

    const during = await scrapeMetrics(t.url, metricsToken);
    const grew = (name: string) => (during.get(name) ?? 0) - (before.get(name) ?? 0);
    expect(during.get('concord_document_sockets')).toBe((before.get('concord_document_sockets') ?? 0) + 2);
    expect(during.get('concord_documents_loaded')).toBeGreaterThanOrEqual(1);
    expect(grew('concord_store_append_seconds_count')).toBeGreaterThanOrEqual(1);
    expect(grew('concord_store_append_seconds_sum')).toBeGreaterThan(0);
    expect(grew('concord_updates_stored_total')).toBeGreaterThanOrEqual(1);
    // At least: two sync step 1s, two sync replies, the edit to b.
    expect(grew('concord_document_messages_sent_total')).toBeGreaterThanOrEqual(5);

    const textFrame = rawSocket(t.wsUrl, id, t.api.token);
    const closed = closeOf(textFrame);
    await opened(textFrame);
    textFrame.send('not a binary frame');
    expect((await closed).code).toBe(1008);
    await eventually(async () => (await scrapeMetrics(t.url, metricsToken)).get('concord_document_sockets_closed_total{code="1008"}') === 1, 5_000, 'the close counted');
  });
});
