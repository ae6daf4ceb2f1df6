import { describe, expect, it } from 'vitest';
import { runCrashDrill } from '../../drill/crash.ts';
import { backendName } from '../helpers/backends.ts';

// The short crash drill of CI; `npm run drill -- crash` runs the full one (200 clients, 50 documents, 20 kills).
describe(`crash drill, short (${backendName})`, () => {
  it('[D1] clients editing through three kill -9 and restarts: nothing lost, duplicated or divergent', async () => {
    const report = await runCrashDrill({ clients: 12, documents: 6, kills: 3, editIntervalMs: 300, upMs: [1000, 2000] });
    expect(report.editsSeenBroadcast).toBeGreaterThan(0);
    expect(report.editsMade).toBeGreaterThan(report.kills * 10);
    expect(report.recoveryMs).toHaveLength(3);
    expect({ lost: report.lost, duplicated: report.duplicated, divergent: report.divergent }).toEqual({ lost: 0, duplicated: 0, divergent: 0 });
  }, 240_000);
});
