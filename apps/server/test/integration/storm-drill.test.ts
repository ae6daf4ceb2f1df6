import { describe, expect, it } from 'vitest';
import { runStormDrill, serverPoolSize } from '../../drill/storm.ts';
import { backendName } from '../helpers/backends.ts';

// The short reconnect storm of CI; `npm run drill -- storm` runs 500 clients.
describe(`reconnect storm, short (${backendName})`, () => {
  it('[D2] 60 clients reconnecting at once after a SIGTERM and a SIGKILL restart all sync; nothing lost or duplicated; the pool holds', async () => {
    const report = await runStormDrill({ clients: 60, documents: 10, editIntervalMs: 500, settleMs: 1000 });
    expect(report.restarts.map((r) => r.kind)).toEqual(['SIGTERM', 'SIGKILL']);
    for (const restart of report.restarts) {
      if (restart.maxDbConnections !== null) expect(restart.maxDbConnections).toBeLessThanOrEqual(serverPoolSize);
    }
    expect(report.editsSeenBroadcast).toBeGreaterThan(0);
    expect({ lost: report.lost, duplicated: report.duplicated, divergent: report.divergent }).toEqual({ lost: 0, duplicated: 0, divergent: 0 });
  }, 240_000);
});
