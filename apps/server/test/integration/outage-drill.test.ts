import { spawnSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { runOutageDrill } from '../../drill/outage.ts';
import { postgresBinDir } from '../helpers/private-postgres.ts';

const missing = [postgresBinDir() ? null : 'Postgres server binaries (initdb, pg_ctl)', spawnSync('redis-server', ['--version']).status === 0 ? null : 'redis-server']
  .filter(Boolean)
  .join(' and ');

// The short outage drill of CI, on a private Postgres cluster and redis-server (the shared ones are never
// stopped); `npm run drill -- outage` runs the full one (100 clients, 20 documents, 3 rounds).
describe.skipIf(missing !== '')(`outage drill, short (two instances on a private Postgres + Redis${missing ? `; skipped: no ${missing}` : ''})`, () => {
  it('[R1][I5] Redis then Postgres stopped and started mid-run: readyz says so, errors are logged, no instance exits, nothing lost, duplicated or divergent', async () => {
    const report = await runOutageDrill({
      clients: 12,
      documents: 5,
      instances: 2,
      editIntervalMs: 300,
      rounds: 1,
      downMs: { redis: 2000, postgres: 2000 },
      upMs: 1000,
      waitMs: 15_000,
    });
    expect(report.outages.map((outage) => outage.kind)).toEqual(['redis', 'postgres']);
    for (const outage of report.outages) {
      expect(outage.editsDuring, `edits during the ${outage.kind} outage`).toBeGreaterThan(0);
      expect(outage.notReadyDuring, `readyz 503 during the ${outage.kind} outage`).toBe(true);
      expect(outage.errorLines, `errors logged during the ${outage.kind} outage`).toBeGreaterThan(0);
    }
    expect(report.exited).toBe(0);
    expect(report.editsSeenBroadcast).toBeGreaterThan(0);
    expect({ lost: report.lost, duplicated: report.duplicated, divergent: report.divergent }).toEqual({ lost: 0, duplicated: 0, divergent: 0 });
  }, 60_000);
});
