import { describe, expect, it } from 'vitest';
import { runTwoInstanceDrill, twoInstanceDrillSkipReason } from '../../drill/two-instances.ts';

const skip = twoInstanceDrillSkipReason();

// The short two-instance drill of CI; `npm run drill -- two-instances` runs the full one (100 clients, 20 documents, 30 s).
describe.skipIf(skip !== null)(`two-instance drill, short (shared Postgres + Redis${skip ? `; skipped: ${skip}` : ''})`, () => {
  it('[I1] concurrent edits on the same documents through two instances converge; readers on both, live and restarted, agree; nothing lost or duplicated', async () => {
    const report = await runTwoInstanceDrill({ clients: 16, documents: 5, editIntervalMs: 200, editForMs: 5_000, waitMs: 20_000 });
    expect(report.clientsPerInstance.every((count) => count > 0)).toBe(true);
    expect(report.documentsOnBoth).toBe(5);
    expect(report.editsMade).toBeGreaterThan(100);
    expect(report.editsSeenBroadcast).toBeGreaterThan(0);
    expect({ lost: report.lost, duplicated: report.duplicated, divergentLive: report.divergentLive, divergent: report.divergent }).toEqual({
      lost: 0,
      duplicated: 0,
      divergentLive: 0,
      divergent: 0,
    });
  }, 60_000);
});
