import { describe, expect, it } from 'vitest';
import { runLeaseFencingDrill } from '../../drill/lease-fencing.ts';
import { backendName } from '../helpers/backends.ts';

// The short lease-fencing drill of CI; `npm run drill -- lease-fencing` runs the full one (100 rounds).
// Embedded defaults: one instance on PGlite with memory locks; with DATABASE_URL and REDIS_URL the
// holder and the taker use two instances sharing Postgres and the Redis locks.
describe(`lease-fencing drill, short (${backendName})`, () => {
  it('[R6] [Q5] a reviewer process SIGSTOPped past its review lease and resumed after a takeover: its heartbeat, decision and release are refused, 5 rounds out of 5', async () => {
    const report = await runLeaseFencingDrill({ rounds: 5, parallel: 5 });
    expect(report.stoppedMs.every((ms) => ms >= 1500)).toBe(true);
    expect(report.fenceNotHigher).toBe(0);
    expect({ acceptedWrongly: report.acceptedWrongly, otherAnswers: report.otherAnswers }).toEqual({ acceptedWrongly: 0, otherAnswers: [] });
    expect(report.refused).toBe(5);
    expect(report.storedProblems).toEqual([]);
    expect(report.storedStateOk).toBe(5);
  }, 60_000);
});
