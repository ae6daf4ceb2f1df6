import { writeFileSync } from 'node:fs';
import { CloseCode } from '@concord/protocol';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { backendName } from '../helpers/backends.ts';
import { knownBadPayloads } from './protocol-fuzz-frames.ts';
import { formatReport, runFuzz, startFuzzTarget, type FuzzTarget } from './protocol-fuzz.ts';

// The CI run: a fixed seed and a number of cases that takes well under a minute on 2 cores.
// Replay or lengthen with FUZZ_SEED / FUZZ_RUNS, or run for a time with FUZZ_SECONDS (`npm run drill -- fuzz`).
const seed = Number(process.env.FUZZ_SEED ?? 20_261_127);
const seconds = process.env.FUZZ_SECONDS ? Number(process.env.FUZZ_SECONDS) : undefined;
const runs = Number(process.env.FUZZ_RUNS ?? (seconds ? 1e9 : 300));

describe(`protocol fuzz against a live server (${backendName})`, () => {
  let target: FuzzTarget;

  beforeAll(async () => {
    target = await startFuzzTarget({ seed });
  });

  afterAll(async () => {
    await target?.dispose();
  });

  for (const c of knownBadPayloads) {
    const what = c.expect === 'no-change' ? 'is harmless' : c.expect === 'accepted' ? 'is accepted (held pending)' : `closes with ${c.expect} and changes nothing`;
    it(`[B1-B8][R14][R15] ${c.label} ${what}; the server keeps working`, async () => {
      const [outcome] = await target.runCase(c);
      if (c.expect === 'accepted') expect(outcome?.closedWith).toBeNull();
      else expect(outcome).toEqual({ closedWith: c.expect === 'no-change' ? null : c.expect, changed: false });
    });
  }

  it(
    `[B1-B16][R5] seeded fuzz (seed ${seed}, ${seconds ? `${seconds} s` : `${runs} cases`}): no crash, no event-loop block over 100 ms, rejected frames change nothing`,
    async () => {
      let failure: unknown = null;
      try {
        await runFuzz(target, { seed, runs, seconds });
      } catch (error) {
        failure = error;
      }
      const summary = formatReport(target.report);
      console.log(`protocol fuzz${failure ? ' FAILED' : ''} (replay: FUZZ_SEED=${seed} FUZZ_RUNS=${target.report.cases})\n${summary}`);
      if (process.env.FUZZ_REPORT) writeFileSync(process.env.FUZZ_REPORT, JSON.stringify({ ...target.report, failed: failure ? String(failure) : null }, null, 2));
      if (failure) throw failure;
      expect(target.report.crashes).toBe(0);
      expect(target.report.rejected[CloseCode.invalidPayload]).toBeGreaterThan(0);
    },
    (seconds ?? 120) * 1000 + 120_000,
  );
});
