// The long protocol fuzz run (issue 9): `npm run drill -- fuzz`. Runs the known bad payloads, then
// random cases for FUZZ_SECONDS (default 300) or FUZZ_RUNS, from FUZZ_SEED (default: a new seed, printed
// so a failure can be replayed). The short CI run is protocol-fuzz.test.ts.
import { pathToFileURL } from 'node:url';
import { backendName } from '../helpers/backends.ts';
import { knownBadPayloads } from './protocol-fuzz-frames.ts';
import { formatReport, runFuzz, startFuzzTarget } from './protocol-fuzz.ts';

export async function runFuzzDrill(options: { seed: number; runs: number; seconds?: number }): Promise<boolean> {
  const target = await startFuzzTarget({ seed: options.seed });
  let ok = true;
  try {
    for (const c of knownBadPayloads) {
      const [outcome] = await target.runCase(c);
      const wanted = c.expect === 'no-change' || c.expect === 'accepted' ? null : c.expect;
      const good = outcome?.closedWith === wanted && (c.expect === 'accepted' || !outcome.changed);
      console.log(`  ${good ? 'ok  ' : 'FAIL'} ${c.label}: ${outcome?.closedWith === null ? 'kept open' : `closed ${outcome?.closedWith}`}${outcome?.changed ? ', changed the document' : ''}`);
      ok &&= good;
    }
    try {
      await runFuzz(target, options);
    } catch (error) {
      ok = false;
      console.log(`\nFAILED (replay: FUZZ_SEED=${options.seed} FUZZ_RUNS=${target.report.cases}):\n${causes(error).join('\ncaused by: ')}`);
    }
    console.log(`\n### protocol fuzz (${backendName})\n\n${formatReport(target.report)}`);
  } finally {
    await target.dispose();
  }
  return ok;
}

/** The error's message and those of its causes (fast-check wraps the case's own error). */
function causes(error: unknown): string[] {
  const out: string[] = [];
  let last: unknown = error;
  for (let e = error; e; e = e instanceof Error ? e.cause : undefined) {
    out.push(e instanceof Error ? e.message : String(e));
    last = e;
  }
  if (last instanceof Error && last.stack) out.push(last.stack.split('\n').slice(1, 30).join('\n'));
  return out;
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  // A failure's stack reaches from Yjs back to the check that hit it.
  Error.stackTraceLimit = 50;
  const seed = Number(process.env.FUZZ_SEED ?? Date.now() % 2 ** 31);
  const runs = process.env.FUZZ_RUNS ? Number(process.env.FUZZ_RUNS) : 1e9;
  const seconds = process.env.FUZZ_RUNS && !process.env.FUZZ_SECONDS ? undefined : Number(process.env.FUZZ_SECONDS ?? 300);
  console.log(`protocol fuzz: seed ${seed}, ${seconds ? `${seconds} s` : `${runs} cases`}`);
  process.exit((await runFuzzDrill({ seed, runs, seconds })) ? 0 : 1);
}
